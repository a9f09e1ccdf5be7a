import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricHistory, MetricSample, ProfileView } from '../../shared/contract';
import { createCore } from '../../electron/core/core';
import { KeyFileSecretBox } from '../../electron/core/connections/secret-box';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { testClient, type TestClient } from '../helpers/redis-client';
import { tempDir } from '../helpers/core';

const MINUTE = 60_000;

describe('metric history on disk, against a real redis-server', () => {
  let redis: TestRedis;
  let client: TestClient;
  const dataDir = tempDir();

  beforeAll(async () => {
    redis = await startRedis();
    client = testClient(redis.port, '127.0.0.1');
    await client.set('k', 'v');
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const core = () => createCore({ dataDir, secrets: new KeyFileSecretBox(dataDir), mode: 'serve', version: 'test', env: {} });

  it('a restarted core shows the minutes the previous run saw', async () => {
    const first = core();
    const saved = await first.invoke('profiles.save', { name: 'evening', url: redis.url, pollIntervalMs: 500 });
    if (!saved.ok) throw new Error(saved.error.message);
    const id = (saved.value as ProfileView).id;
    // Lookups after each sample until four samples with lookups: 3 hits and 1 miss each time.
    let hits = 0;
    let misses = 0;
    let rated = 0;
    const done = new Promise<void>((resolve) => {
      const off = first.on('metrics.sample', (s: MetricSample) => {
        if (s.connectionId !== id) return;
        hits += s.hitsDelta ?? 0;
        misses += s.missesDelta ?? 0;
        if ((s.hitsDelta ?? 0) + (s.missesDelta ?? 0) > 0 && ++rated >= 4) {
          off();
          resolve();
          return;
        }
        void client.mget('k', 'k', 'k', 'absent').catch(() => undefined);
      });
    });
    await first.invoke('connections.open', { id });
    await done;
    const before = await first.invoke('metrics.history', { id });
    if (!before.ok) throw new Error(before.error.message);
    await first.close();
    expect(existsSync(path.join(dataDir, 'history', `${encodeURIComponent(id)}.json`))).toBe(true);

    const second = core();
    try {
      await second.invoke('connections.open', { id });
      const after = await second.invoke('metrics.history', { id });
      if (!after.ok) throw new Error(after.error.message);
      const minutes = (after.value as MetricHistory).coarse;
      // The first run's samples, as whole minutes (the last one partly): their lookups add up to what it counted.
      const seen = (before.value as MetricHistory).fine;
      const ofFirstRun = minutes.filter((m) => m.ts >= Math.floor(seen[0]!.ts / MINUTE) * MINUTE && m.ts <= seen[seen.length - 1]!.ts);
      expect(ofFirstRun.length).toBeGreaterThan(0);
      expect(ofFirstRun.reduce((a, m) => a + (m.hitsDelta ?? 0), 0)).toBe(hits);
      expect(ofFirstRun.reduce((a, m) => a + (m.missesDelta ?? 0), 0)).toBe(misses);
      expect(hits).toBe(3 * misses);
      // Deleting the connection deletes its history.
      await second.invoke('connections.close', { id });
      await second.invoke('profiles.delete', { id });
      expect(existsSync(path.join(dataDir, 'history', `${encodeURIComponent(id)}.json`))).toBe(false);
    } finally {
      await second.close();
    }
  });
});
