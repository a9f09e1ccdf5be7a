import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CommandName } from '../../shared/contract';
import type { ServerFrame } from '../../shared/contract/api';
import { runServe } from '../../electron/serve';
import { tempDir, type TestCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { allKeys, client, openCore } from './actions-helpers';

/** Every command that writes to Redis, with arguments a crafted message could send. */
function writeCalls(id: string, dataFile: string): [CommandName, Record<string, unknown>][] {
  return [
    ['actions.preview', { id, target: { kind: 'all' } }],
    ['actions.execute', { id, previewId: 'crafted', confirmation: 'confirm', undo: false }],
    ['actions.undo', { id, undoFile: 'x.undo.ndjson', replace: true }],
    ['warm.file.preview', { id, source: { content: '{"key":"c","value":"3"}\n', name: path.basename(dataFile) } }],
    ['warm.file.execute', { id, previewId: 'crafted' }],
    ['warm.urls', { id, urls: ['http://127.0.0.1:9/x'] }],
    ['warm.recipes.run', { id, name: 'nightly' }],
    ['flush.preview', { id, all: true }],
    ['flush.execute', { id, previewId: 'crafted', confirmation: 'FLUSHALL ro' }],
    ['diagnostics.slowlog.reset', { id, confirmation: 'ro' }],
    ['diagnostics.latency.threshold', { id, thresholdMs: 10, confirmation: 'ro' }],
    ['diagnostics.clients.kill', { id, node: 'crafted:1', clientIds: [1], confirmation: 'ro' }],
  ];
}

describe('a read-only connection refuses every write in the core', () => {
  let redis: TestRedis;
  let seed: Redis;
  let core: { t: TestCore; id: string };
  let dataFile: string;

  beforeAll(async () => {
    redis = await startRedis();
    seed = client(redis);
    await seed.mset('a', '1', 'b', '2');
    core = await openCore(redis, { name: 'ro', readOnly: true, env: 'prod' });
    dataFile = path.join(core.t.dataDir, 'warm.ndjson');
    writeFileSync(dataFile, '{"key":"c","value":"3"}\n');
    await core.t.call('warm.recipes.save', { id: core.id, recipe: { name: 'nightly', kind: 'urls', urls: ['http://127.0.0.1:9/x'] } });
  });
  afterAll(async () => {
    await core?.t.close();
    seed?.disconnect();
    await redis?.stop();
  });

  it('answers READ_ONLY with a clear sentence to each write command, and nothing changes', async () => {
    const before = await allKeys(seed);
    for (const [command, args] of writeCalls(core.id, dataFile)) {
      const r = await core.t.core.invoke(command, args);
      expect(r, command).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
      if (!r.ok) expect(r.error.message).toMatch(/Connection "ro" is read-only: .* is refused/);
    }
    expect(await allKeys(seed)).toEqual(before);
    const audit = await core.t.call('audit.list', { outcome: 'refused' });
    expect(audit.entries.length).toBe(writeCalls(core.id, dataFile).length);
  });

  it('still lets the user read the audit log and list recipes', async () => {
    expect((await core.t.call('warm.recipes.list', { id: core.id })).map((r) => r.name)).toEqual(['nightly']);
    expect((await core.t.call('audit.list', {})).matched).toBeGreaterThan(0);
  });
});

describe('read-only holds for a raw contract message over the serve-mode WebSocket', () => {
  let redis: TestRedis;
  let seed: Redis;
  let serve: Awaited<ReturnType<typeof runServe>>;
  let ws: WebSocket;

  const invoke = (command: string, args: unknown) =>
    new Promise<ServerFrame>((resolve) => {
      const id = Math.floor(Math.random() * 1e9);
      ws.on('message', function onMessage(raw) {
        const frame = JSON.parse(raw.toString()) as ServerFrame;
        if (frame.type === 'reply' && frame.id === id) {
          ws.off('message', onMessage);
          resolve(frame);
        }
      });
      ws.send(JSON.stringify({ type: 'invoke', id, command, args }));
    });

  beforeAll(async () => {
    redis = await startRedis();
    seed = client(redis);
    await seed.mset('a', '1', 'b', '2');
    const staticDir = tempDir();
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html>');
    serve = await runServe({ port: 0, dataDir: tempDir(), staticDir, quiet: true, env: {} });
    ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`, { headers: { Origin: `http://127.0.0.1:${serve.port}`, Host: `127.0.0.1:${serve.port}` } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
  });
  afterAll(async () => {
    ws?.close();
    await serve?.close();
    seed?.disconnect();
    await redis?.stop();
  });

  it('refuses crafted execute/flush/warm messages with READ_ONLY; the keys stay', async () => {
    const saved = await invoke('profiles.save', { name: 'ro', host: redis.host, port: redis.port, readOnly: true });
    expect(saved).toMatchObject({ reply: { ok: true } });
    const id = (saved as { reply: { value: { id: string } } }).reply.value.id;
    expect(await invoke('connections.open', { id })).toMatchObject({ reply: { ok: true } });
    for (const [command, args] of writeCalls(id, '/etc/hostname')) {
      const frame = await invoke(command, args);
      expect(frame, command).toMatchObject({ type: 'reply', reply: { ok: false, error: { code: 'READ_ONLY' } } });
    }
    expect(await seed.dbsize()).toBe(2);
  });
});
