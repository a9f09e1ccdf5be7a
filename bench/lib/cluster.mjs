/**
 * The benchmark's own Redis Cluster: N primaries (no replicas: on a 2-core machine replicas
 * would only take CPU from the figures), each a BenchRedis (free loopback port, no persistence,
 * its own directory, SLOWLOG of every call ≥ 1 ms) with `--cluster-enabled yes` and a cluster bus
 * port chosen free too (the default port + 10000 can be taken or past 65535), joined by
 * `redis-cli --cluster create`; stopped at the end like every process the bench starts.
 *
 * `copyFrom(source)` fills it with exactly the keys of a standalone server — DUMP and PTTL there,
 * RESTORE on the primary serving each key's slot, pipelined — so the cluster and the standalone
 * node hold the same data (values, types, and TTLs as they stood at the copy).
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { run, sleep } from './proc.mjs';
import { BenchRedis, freePort } from './redis.mjs';

const require = createRequire(import.meta.url);
const Redis = require('ioredis');
const keySlot = require('cluster-key-slot');

export class BenchCluster {
  constructor(dir, primaries = 3) {
    this.dir = dir;
    this.size = primaries;
    /** @type {BenchRedis[]} */
    this.nodes = [];
    /** slot → node index */
    this.slotOwner = new Int16Array(16384).fill(-1);
  }

  get seedUrl() {
    return `redis://127.0.0.1:${this.nodes[0].port}`;
  }

  async start() {
    const ports = new Set();
    const fresh = async () => {
      for (;;) {
        const p = await freePort();
        if (!ports.has(p)) {
          ports.add(p);
          return p;
        }
      }
    };
    for (let i = 0; i < this.size; i++) {
      const dir = path.join(this.dir, `node-${i}`);
      mkdirSync(dir, { recursive: true });
      const port = await fresh();
      const bus = await fresh();
      const node = new BenchRedis(dir, { extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, 'nodes.conf'), '--cluster-port', String(bus), '--cluster-node-timeout', '15000'] });
      node.port = port;
      await node.start();
      this.nodes.push(node);
    }
    const r = await run('redis-cli', ['--cluster', 'create', ...this.nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '0', '--cluster-yes']);
    if (r.code !== 0) throw new Error(`redis-cli --cluster create failed: ${r.stdout}\n${r.stderr}`);
    await this.waitOk();
    await this.loadSlots();
  }

  async waitOk(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Every node: state ok, all slots served, and it knows every other node.
      const infos = await Promise.all(this.nodes.map((n) => n.client.call('CLUSTER', 'INFO').then(String, () => '')));
      const ok = (t) => /cluster_state:ok/.test(t) && /cluster_slots_ok:16384/.test(t) && /cluster_known_nodes:(\d+)/.exec(t)?.[1] === String(this.size);
      if (infos.every(ok)) return;
      if (Date.now() > deadline) throw new Error(`the cluster did not come up:\n${infos.join('\n')}`);
      await sleep(200);
    }
  }

  async loadSlots() {
    const slots = await this.nodes[0].client.call('CLUSTER', 'SLOTS');
    for (const [from, to, [, port]] of slots) {
      const owner = this.nodes.findIndex((n) => n.port === Number(port));
      for (let s = Number(from); s <= Number(to); s++) this.slotOwner[s] = owner;
    }
  }

  /** Copy every key of the standalone `source` (a BenchRedis); returns { keys, ms, perNode }. */
  async copyFrom(source, { batch = 500 } = {}) {
    const t0 = performance.now();
    const reader = new Redis(source.port, '127.0.0.1', { lazyConnect: true });
    const writers = this.nodes.map((n) => new Redis(n.port, '127.0.0.1', { lazyConnect: true }));
    for (const c of [reader, ...writers]) c.on('error', () => undefined);
    await Promise.all([reader, ...writers].map((c) => c.connect()));
    const perNode = this.nodes.map(() => 0);
    let cursor = '0';
    let keys = 0;
    let inFlight = [];
    try {
      do {
        const [next, found] = await reader.scanBuffer(cursor, 'COUNT', batch);
        cursor = next.toString();
        if (found.length === 0) continue;
        const p = reader.pipeline();
        for (const k of found) {
          p.dumpBuffer(k);
          p.pttl(k);
        }
        const replies = await p.exec();
        const pipes = writers.map((w) => w.pipeline());
        const used = new Set();
        for (let i = 0; i < found.length; i++) {
          const [e1, payload] = replies[2 * i];
          const [e2, ttl] = replies[2 * i + 1];
          if (e1 || e2 || payload === null || ttl === -2) continue; // gone since SCAN
          const owner = this.slotOwner[keySlot(found[i])];
          pipes[owner].restore(found[i], ttl > 0 ? ttl : 0, payload, 'REPLACE');
          used.add(owner);
          perNode[owner]++;
          keys++;
        }
        inFlight.push(...[...used].map((o) => pipes[o].exec().then((res) => {
          const failed = res.find(([e]) => e);
          if (failed) throw failed[0];
        })));
        if (inFlight.length > 12) {
          await Promise.all(inFlight);
          inFlight = [];
        }
      } while (cursor !== '0');
      await Promise.all(inFlight);
    } finally {
      reader.disconnect();
      for (const w of writers) w.disconnect();
    }
    return { keys, ms: Math.round(performance.now() - t0), perNode };
  }

  async dbsizes() {
    return Promise.all(this.nodes.map((n) => n.dbsize()));
  }

  async stop() {
    await Promise.all(this.nodes.map((n) => n.stop().catch(() => undefined)));
  }
}
