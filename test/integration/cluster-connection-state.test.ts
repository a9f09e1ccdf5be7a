import type { Cluster } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { ConnectionState, MetricSample } from '../../shared/contract';
import { Connection } from '../../electron/core/connections/connection';
import { resolveInput } from '../../electron/core/profile/profile';
import { pollUntil } from '../helpers/redis-client';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';

// The connection state of a cluster says "unreachable" only when its nodes are: the cluster
// client also reconnects when it merely lost its slot map (ioredis closes it when a refresh fails
// or its pool empties) while every node serves on — an e2e run saw "Unreachable — Failed to
// refresh slots cache" flash on a healthy cluster that way.
const SLOW = 240_000;

let cluster: TestCluster;
let conn: Connection | undefined;
const states: ConnectionState[] = [];
const samples: MetricSample[] = [];

beforeAll(async () => {
  cluster = await startCluster({ replicasPerPrimary: 0 });
}, SLOW);
afterEach(async () => {
  await conn?.close();
  conn = undefined;
});
afterAll(async () => cluster?.stop());

/** A cluster connection as the app makes one, with every state and sample kept. */
async function openConnection(): Promise<{ conn: Connection; poll: Cluster; checks: Promise<boolean>[] }> {
  const [first, ...rest] = cluster.seeds;
  const { profile } = resolveInput({ name: 'cluster', kind: 'cluster', host: first!.host, port: first!.port, seeds: rest.map((s) => ({ ...s })), connectTimeoutMs: 1000, pollIntervalMs: 500 });
  states.length = 0;
  samples.length = 0;
  const c = new Connection(profile, { onState: (s) => states.push(s), onSample: (s) => samples.push(s) });
  conn = c;
  // Every reachability check the connection makes, to wait for its outcome (no sleeping).
  const checks: Promise<boolean>[] = [];
  const asked = c.target.nodesAnswer.bind(c.target);
  c.target.nodesAnswer = (role, ms) => {
    const p = asked(role, ms);
    checks.push(p);
    return p;
  };
  await c.open();
  await until(() => samples.length > 0);
  return { conn: c, poll: c.target.client('poll') as Cluster, checks };
}

/** Resolve once `ready()` holds (bounded for a hang; no test measures time with it). */
const until = (ready: () => boolean, what = 'the condition') => pollUntil(what, 120_000, async () => (ready() ? null : 'not yet'), 20);

const once = (emitter: Cluster, event: string) => new Promise<void>((resolve) => emitter.once(event, () => resolve()));

it('the cluster client reconnecting to read its slot map again while the nodes answer: the state stays ready', { timeout: SLOW }, async () => {
  const { poll, checks } = await openConnection();
  expect(states.at(-1)?.status).toBe('ready');
  const from = states.length;
  const reconnecting = once(poll, 'reconnecting');
  // What ioredis does when a refresh fails or its pool empties: close, then reconnect.
  poll.disconnect(true);
  await reconnecting;
  await until(() => checks.length > 0);
  expect(await checks.at(-1)).toBe(true);
  if (poll.status !== 'ready') await once(poll, 'ready');
  const sampled = samples.length;
  await until(() => samples.length > sampled);
  // Let the check's handler run (it is a promise callback after the answer).
  await new Promise((r) => setImmediate(r));
  expect(states.slice(from).map((s) => s.status)).not.toContain('reconnecting');
  expect(states.at(-1)?.status).toBe('ready');
});

it('when the nodes do not answer (all frozen), the same reconnect is said: reconnecting, then ready once they are back', { timeout: SLOW }, async () => {
  const { poll, checks } = await openConnection();
  const ports = cluster.seeds.map((s) => s.port);
  for (const p of ports) cluster.node(p).signal('SIGSTOP');
  try {
    poll.disconnect(true);
    await until(() => states.some((s) => s.status === 'reconnecting'));
    expect(await checks[0]).toBe(false);
  } finally {
    for (const p of ports) cluster.node(p).signal('SIGCONT');
  }
  await until(() => states.at(-1)?.status === 'ready');
  const sampled = samples.length;
  await until(() => samples.length > sampled);
});
