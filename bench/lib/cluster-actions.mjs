/**
 * The cluster of the `cluster-actions` section (destructive runs: it snapshots and reloads, seeds
 * per node, and watches every node's CPU and SLOWLOG; the `cluster` section's analysis cluster is
 * bench/lib/cluster.mjs). `primaries` redis-servers (no replicas: on a 2-core machine a
 * replica only adds replication work to the cores the primaries share), each a BenchRedis in its
 * own directory on free loopback ports (cluster bus ports too), joined by `redis-cli --cluster
 * create`. Like BenchRedis, `snapshot()` saves every node's data once and `restart()` reloads it
 * (each node keeps its slots in its nodes.conf), so destructive runs start from the same data.
 * Keys are seeded per node: each key's slot (cluster-key-slot, as ioredis computes it) names the
 * primary that gets it, in pipelines of 1000 SETs.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BenchRedis, freePort } from './redis.mjs';
import { run, sleep } from './proc.mjs';

const require = createRequire(import.meta.url);
const calculateSlot = require('cluster-key-slot');

const SLOTS = 16384;

export class ActionsCluster {
  constructor(dir, primaries = 3) {
    this.dir = dir;
    this.nodes = Array.from({ length: primaries }, (_, i) => {
      const nodeDir = path.join(dir, `node-${i}`);
      mkdirSync(nodeDir, { recursive: true });
      return new BenchRedis(nodeDir);
    });
    /** slot → node index, from CLUSTER SLOTS once the cluster is up. */
    this.owner = new Int16Array(SLOTS).fill(-1);
  }

  /** The node a cluster URL names (any node leads to the whole cluster). */
  get url() {
    return this.nodes[0].url;
  }

  async start() {
    for (const node of this.nodes) {
      node.port = await freePort();
      const bus = await freePort();
      node.extraArgs = [
        '--cluster-enabled', 'yes',
        '--cluster-config-file', path.join(node.dir, 'nodes.conf'),
        '--cluster-port', String(bus),
        '--cluster-node-timeout', '5000',
      ];
    }
    await Promise.all(this.nodes.map((n) => n.start()));
    const created = await run('redis-cli', ['--cluster', 'create', ...this.nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes']);
    if (created.code !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    await this.waitOk();
    await this.readSlots();
  }

  /** Every node says cluster_state:ok (after create, and after a restart that reloaded the data). */
  async waitOk(timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await Promise.all(this.nodes.map((n) => n.client.call('CLUSTER', 'INFO').then((t) => /cluster_state:ok/.test(String(t)), () => false)));
      if (states.every(Boolean)) return;
      if (Date.now() > deadline) throw new Error('the bench cluster did not reach cluster_state:ok');
      await sleep(200);
    }
  }

  async readSlots() {
    const byPort = new Map(this.nodes.map((n, i) => [n.port, i]));
    for (const [from, to, [, port]] of await this.nodes[0].client.call('CLUSTER', 'SLOTS')) {
      for (let s = Number(from); s <= Number(to); s++) this.owner[s] = byPort.get(Number(port)) ?? -1;
    }
    if (this.owner.includes(-1)) throw new Error('some slots have no node of the bench cluster');
  }

  /**
   * `count` keys from `keyOf(i)` with `value`, each written to the primary of its slot, in
   * pipelines of 1000 per node (up to 4 in flight per node); `ttl(i)` seconds or 0.
   */
  async seed(count, keyOf, value, ttl = () => 0) {
    const batches = this.nodes.map(() => []);
    const inFlight = this.nodes.map(() => new Set());
    const send = async (node) => {
      const batch = batches[node];
      batches[node] = [];
      const pipe = this.nodes[node].client.pipeline();
      for (const [key, t] of batch) {
        if (t > 0) pipe.set(key, value, 'EX', t);
        else pipe.set(key, value);
      }
      const p = pipe.exec().then((replies) => {
        const failed = replies.find(([err]) => err);
        if (failed) throw failed[0];
      });
      inFlight[node].add(p);
      p.finally(() => inFlight[node].delete(p)).catch(() => undefined);
      if (inFlight[node].size >= 4) await Promise.race(inFlight[node]);
    };
    for (let i = 0; i < count; i++) {
      const key = keyOf(i);
      const node = this.owner[calculateSlot(key)];
      batches[node].push([key, ttl(i)]);
      if (batches[node].length >= 1000) await send(node);
    }
    for (let n = 0; n < this.nodes.length; n++) if (batches[n].length) await send(n);
    await Promise.all(this.nodes.flatMap((_, n) => [...inFlight[n]]));
  }

  /** FLUSHALL on every node. */
  async flush() {
    await Promise.all(this.nodes.map((n) => n.flushall()));
  }

  async dbsize() {
    return (await Promise.all(this.nodes.map((n) => n.dbsize()))).reduce((a, b) => a + b, 0);
  }

  async perNodeKeys() {
    return Promise.all(this.nodes.map((n) => n.dbsize()));
  }

  /** SAVE on every node; returns ms. */
  async snapshot() {
    const t0 = performance.now();
    await Promise.all(this.nodes.map((n) => n.snapshot()));
    return performance.now() - t0;
  }

  /** Every node stopped and started again (reloading its snapshot), then cluster_state:ok; returns ms. */
  async restart() {
    const t0 = performance.now();
    await Promise.all(this.nodes.map((n) => n.stop()));
    await Promise.all(this.nodes.map((n) => n.start()));
    await this.waitOk();
    return performance.now() - t0;
  }

  async stop() {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }

  /** Server CPU seconds so far, summed over the nodes. */
  async cpu() {
    return (await Promise.all(this.nodes.map((n) => n.cpu()))).reduce((a, b) => a + b, 0);
  }

  async resetWatch() {
    await Promise.all(this.nodes.map((n) => n.resetWatch()));
  }

  /** The slowest single call on any node since resetWatch (SLOWLOG, µs), and on which. */
  async slowest() {
    const all = await Promise.all(this.nodes.map((n) => n.slowest()));
    let best = { maxUs: 0, command: null, node: null };
    all.forEach((s, i) => {
      if (s.maxUs > best.maxUs) best = { maxUs: s.maxUs, command: s.command, node: this.nodes[i].port };
    });
    return best;
  }
}
