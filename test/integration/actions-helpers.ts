import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import type { ActionPreview, ActionTarget, JobProgress, ProfileInput } from '../../shared/contract';
import { makeCore, type TestCore } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';

/** A core with one saved, open connection to `redis`. */
export async function openCore(redis: TestRedis, profile: Partial<ProfileInput> = {}): Promise<{ t: TestCore; id: string }> {
  const t = makeCore({});
  const saved = await t.call('profiles.save', { name: 'test redis', host: redis.host, port: redis.port, ...profile });
  await t.call('connections.open', { id: saved.id });
  return { t, id: saved.id };
}

/** The job's final progress (its result), however fast it finished. */
export async function waitJob(t: TestCore, jobId: string, timeoutMs = 120_000): Promise<JobProgress> {
  const final = t.next('job.progress', (p) => p.jobId === jobId && p.state !== 'running', timeoutMs);
  final.catch(() => undefined);
  const now = await t.call('actions.job', { jobId });
  if (now && now.state !== 'running') return now;
  return final;
}

/** Preview → execute (with the confirmation the preview asked for) → the job's result. */
export async function invalidate(t: TestCore, id: string, target: ActionTarget, options: { undo?: boolean; throttle?: number } = {}): Promise<{ preview: ActionPreview; result: JobProgress }> {
  const preview = await t.call('actions.preview', { id, target });
  const { jobId } = await t.call('actions.execute', {
    id,
    previewId: preview.previewId,
    confirmation: preview.confirm.phrase,
    undo: options.undo ?? false,
    ...(options.throttle ? { throttle: options.throttle } : {}),
  });
  return { preview, result: await waitJob(t, jobId) };
}

/** Every key of the client's db, as latin1 strings (one char per byte: exact and comparable). */
export async function allKeys(client: Redis): Promise<Set<string>> {
  const out = new Set<string>();
  let cursor = '0';
  do {
    const [next, keys] = await client.scanBuffer(cursor, 'COUNT', 1000);
    cursor = next.toString();
    for (const k of keys) out.add(k.toString('latin1'));
  } while (cursor !== '0');
  return out;
}

export const latin1 = (k: string | Buffer) => (typeof k === 'string' ? Buffer.from(k, 'utf8') : k).toString('latin1');

/** keyspace_hits / keyspace_misses (INFO itself is not a lookup). */
export async function lookups(client: Redis): Promise<{ hits: number; misses: number }> {
  const info = await client.info('stats');
  return {
    hits: Number(/keyspace_hits:(\d+)/.exec(info)![1]),
    misses: Number(/keyspace_misses:(\d+)/.exec(info)![1]),
  };
}

export function client(redis: TestRedis, db = 0): Redis {
  return testClient({ host: redis.host, port: redis.port, db });
}

/** What one describe block of the actions tests runs against. */
export interface ActionsServer {
  redis: TestRedis;
  /** A plain client to seed and inspect the server. */
  seed: Redis;
  t: TestCore;
  id: string;
}

/** A private redis-server, a client to seed it and a core with an open connection to it. */
export async function startActionsServer(profile: Partial<ProfileInput> = {}): Promise<ActionsServer> {
  const redis = await startRedis();
  return { redis, seed: client(redis), ...(await openCore(redis, profile)) };
}

/** Stop what a block started, in order; parts left unset by a failed set-up are skipped. */
export async function stopActionsServer(s: Partial<ActionsServer>): Promise<void> {
  await s.t?.close();
  s.seed?.disconnect();
  await s.redis?.stop();
}
