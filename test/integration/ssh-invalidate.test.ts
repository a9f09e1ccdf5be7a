import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileInput } from '../../shared/contract';
import { makeCore, type TestCore } from '../helpers/core';
import { testClient } from '../helpers/redis-client';
import { startSocketRedis, startSshd, type TestSshd } from '../helpers/sshd';
import { allKeys, waitJob } from './actions-helpers';

/**
 * Issue 19: "a tunnel that dies mid-invalidate behaves like a dropped Redis connection today".
 * A real sshd in front of a redis-server that has only a Unix socket, so every UNLINK goes through
 * the tunnel; sshd is SIGKILLed (with its sessions) while a throttled invalidation is midway.
 */
const KEYS = 50_000;
/** Keys per second: the run would take ~12 s, so the kill lands midway. */
const THROTTLE = 4000;

describe('sshd killed mid-invalidate (real sshd)', () => {
  let sshd: TestSshd;
  let redis: { socket: string; stop(): Promise<void> };
  let seed: Redis;
  let app: TestCore;

  beforeAll(async () => {
    [sshd, redis] = await Promise.all([startSshd(), startSocketRedis()]);
    // Seeded over the Unix socket directly: the test's own view of the server, not through SSH.
    seed = testClient({ path: redis.socket });
    for (let start = 0; start < KEYS; start += 5000) {
      const pipe = seed.pipeline();
      for (let i = start; i < start + 5000; i++) pipe.set(`job:${i}`, `value-${i}`);
      await pipe.exec();
    }
  });
  afterAll(async () => {
    seed?.disconnect();
    await app?.close();
    await sshd?.stop();
    await redis?.stop();
  });

  it('the job fails naming the lost SSH connection and its count, the undo file holds what was deleted, and the connection recovers', async () => {
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    try {
      app = makeCore({});
      writeFileSync(path.join(app.dataDir, 'known_hosts'), sshd.knownHostsLine + '\n');
      const profile: ProfileInput = {
        name: 'behind bastion',
        host: '10.255.255.1', // never dialled: Redis is the Unix socket on the SSH host
        port: 6379,
        connectTimeoutMs: 5000,
        ssh: { enabled: true, host: sshd.host, port: sshd.port, username: sshd.user, auth: 'key', keyFile: sshd.keyFile, redisSocket: redis.socket },
      };
      const { id } = await app.call('profiles.save', profile);
      await app.call('connections.open', { id });
      await app.next('metrics.sample', (s) => s.connectionId === id, 15_000);

      const preview = await app.call('actions.preview', { id, target: { kind: 'prefix', prefix: { utf8: 'job:' } } });
      expect(preview.matched).toBe(KEYS);
      const { jobId, undoFile } = await app.call('actions.execute', { id, previewId: preview.previewId, confirmation: preview.confirm.phrase, undo: true, throttle: THROTTLE });
      expect(undoFile).toBeDefined();
      // Midway: some keys are gone, most are not.
      const deadline = Date.now() + 60_000;
      while ((await seed.dbsize()) > KEYS - 2000) {
        if (Date.now() > deadline) throw new Error('the invalidation deleted nothing in time');
        await new Promise((r) => setTimeout(r, 50));
      }
      await sshd.kill();
      const end = await waitJob(app, jobId, 90_000);

      expect(end).toMatchObject({ state: 'failed', code: 'NOT_CONNECTED' });
      const deleted = end.deleted ?? -1;
      // Named by its way in (the socket on the SSH host), with the count.
      expect(end.message).toMatch(new RegExp(`^Lost the connection to ${redis.socket.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} on 127\\.0\\.0\\.1:${sshd.port} \\(SSH\\) after deleting ${deleted} keys \\(\\d+ examined\\)`));
      expect(deleted).toBeGreaterThan(0);
      expect(deleted).toBeLessThan(KEYS);

      // What is gone from the server, compared with the undo file.
      const left = await allKeys(seed);
      const gone = new Set<string>();
      for (let i = 0; i < KEYS; i++) if (!left.has(`job:${i}`)) gone.add(`job:${i}`);
      const lines = readFileSync(path.join(app.dataDir, 'undo', undoFile!), 'utf8').split('\n').filter(Boolean);
      const saved = new Set(lines.slice(1).map((l) => Buffer.from((JSON.parse(l) as { k: string }).k, 'base64').toString('latin1')));
      expect(lines.length - 1).toBe(saved.size); // no key twice
      // Every key gone is restorable…
      expect([...gone].filter((k) => !saved.has(k))).toEqual([]);
      // …and what the job counted is what is gone: confirmed UNLINKs. One chunk is uncertain when
      // the tunnel dies under it: an UNLINK carried to Redis whose reply the tunnel lost (gone, not
      // counted — a window of a round trip in the throttle's ~250 ms per batch), or a chunk saved
      // but never unlinked (in the file, still on the server). Either way at most one undo chunk.
      const chunk = 512; // UNDO_CHUNK_MAX in electron/core/actions/invalidate.ts
      expect(gone.size).toBeGreaterThanOrEqual(deleted);
      expect(gone.size - deleted).toBeLessThanOrEqual(chunk);
      const extra = [...saved].filter((k) => !gone.has(k));
      expect(extra.every((k) => left.has(k))).toBe(true);
      expect(extra.length).toBeLessThanOrEqual(chunk);
      expect(end.undoSaved?.entries).toBe(saved.size);

      // Back: the connection recovers by itself, as from a dropped Redis connection.
      const ready = app.next('connection.state', (s) => s.id === id && s.status === 'ready', 60_000);
      await sshd.restart();
      await ready;
      await app.next('metrics.sample', (s) => s.connectionId === id, 20_000);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
