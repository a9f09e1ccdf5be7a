import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startCluster, type TestCluster } from '../helpers/redis-cluster';
import { testClient, type TestClient } from '../helpers/redis-client';
import { startSentinelSet, type TestSentinelSet } from '../helpers/redis-sentinel';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';

/**
 * Issue 16 in Chromium: a real 3-primary cluster with a replica each, added through the
 * connection form as a cluster; the Nodes view lists every node with its role and slots, names
 * the shard the workload makes hot, and after a primary is killed shows the failover on the
 * charts and in the topology log.
 */

/** Keys of one hash tag live in one slot, so on one primary: `perTick` SET+GET pairs every 50 ms on them load that shard. */
function startShardLoad(client: TestClient, tag: string, perTick: number): { stop(): Promise<void> } {
  let running = true;
  const loop = (async () => {
    let i = 0;
    while (running) {
      const p = client.pipeline();
      for (let k = 0; k < perTick; k++, i++) {
        p.set(`{${tag}}:item:${i % 500}`, 'x'.repeat(64));
        p.get(`{${tag}}:item:${(i * 7) % 500}`);
      }
      await p.exec().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function nodeRows(page: Page): Promise<{ address: string; role: string; slots: number | null; up: boolean }[]> {
  return page.getByTestId('node-row').evaluateAll((rows) =>
    rows.map((r) => ({
      address: r.getAttribute('data-address') ?? '',
      role: r.getAttribute('data-role') ?? '',
      slots: r.getAttribute('data-slots') ? Number(r.getAttribute('data-slots')) : null,
      up: r.getAttribute('data-up') === 'true',
    })),
  );
}

test('nodes view: a cluster added as one lists its 6 nodes and all 16,384 slots, names the hot shard, and marks a failover', async ({ app: page }) => {
  test.setTimeout(300_000);
  let cluster: TestCluster | undefined;
  const clients: TestClient[] = [];
  const loads: { stop(): Promise<void> }[] = [];
  try {
    cluster = await startCluster({ primaries: 3, replicasPerPrimary: 1 });
    const primaries = cluster.nodes.filter((n) => n.role === 'primary').map((n) => `127.0.0.1:${n.port}`);

    // The form: Cluster, the seed nodes one per line.
    await page.getByTestId('add-connection').click();
    await page.getByTestId('form-name').fill('Shards');
    await page.getByRole('radiogroup', { name: 'Topology' }).getByText('Cluster').click();
    await expect(page.getByTestId('form-kind-cluster')).toBeChecked();
    await expect(page.getByTestId('form-host')).toHaveCount(0);
    await page.getByTestId('form-nodes').fill(cluster.seeds.map((s) => `${s.host}:${s.port}`).join('\n'));
    await page.getByTestId('form-test').click();
    await expect(page.getByTestId('form-test-result')).toContainText('cluster');
    await page.getByTestId('form-save').click();
    await expect(page.locator('.conn-header h1')).toHaveText('Shards');
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByTestId('topology-words')).toHaveText('cluster · 3 primaries · 3 replicas');
    await expect(page.getByTestId('db-select')).toHaveCount(0); // a cluster has db 0 only

    // Editing it shows the same seeds (the form round-trips the cluster's fields).
    await page.getByTestId('edit-profile').click();
    await expect(page.getByTestId('form-kind-cluster')).toBeChecked();
    await expect(page.getByTestId('form-nodes')).toHaveValue(cluster.seeds.map((s) => `${s.host}:${s.port}`).join('\n'));
    await page.getByTestId('form-cancel').click();

    const hotAt = await cluster.primaryFor('{hot}:item:0');
    const hotAddress = `127.0.0.1:${hotAt.port}`;
    const load = (port: number, tag: string, perTick: number) => {
      const c = testClient(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
      clients.push(c);
      loads.push(startShardLoad(c, tag, perTick));
    };
    load(hotAt.port, 'hot', 40);

    await page.getByTestId('view-tab-nodes').click();
    await expect(page.getByTestId('node-row')).toHaveCount(6);
    const rows = await nodeRows(page);
    expect(rows.filter((r) => r.role === 'primary').map((r) => r.address).sort()).toEqual([...primaries].sort());
    expect(rows.filter((r) => r.role === 'replica')).toHaveLength(3);
    expect(rows.filter((r) => r.role === 'primary').reduce((a, r) => a + (r.slots ?? 0), 0)).toBe(16384);
    expect(rows.every((r) => r.up)).toBe(true);
    await expect(page.getByTestId('nodes-summary')).toContainText('all 16,384 slots served');

    // The hot shard is named, in the ops chart's sentence and first when sorted by ops.
    const opsShare = page.getByTestId('node-ops-share');
    await expect(opsShare).toHaveAttribute('data-hot', 'true');
    await expect(opsShare).toHaveAttribute('data-top', hotAddress);
    await expect(opsShare).toContainText(`${hotAddress} takes`);
    await page.getByTestId('nodes-sort-ops').click();
    await expect(page.getByTestId('node-row').first()).toHaveAttribute('data-address', hotAddress);
    await page.getByTestId('nodes-sort-topology').click();

    // Keyboard: ↓ moves between rows.
    await page.getByTestId('node-row').first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('node-row').nth(1)).toBeFocused();
    await page.keyboard.press('End');
    await expect(page.getByTestId('node-row').last()).toBeFocused();

    // Nothing has failed over yet (replicas seen down before their first answer may show as back).
    await expect(page.getByTestId('topology-log').locator('[data-testid="topology-event"][data-kind="failover"]')).toHaveCount(0);
    // A lighter load on the other shards, so each band has a shape, for a minute and a half of polls.
    for (const [i, p] of primaries.filter((a) => a !== hotAddress).entries()) {
      const port = Number(p.split(':')[1]);
      let tag = '';
      for (let n = 0; !tag; n++) if ((await cluster.primaryFor(`{t${n}}`)).port === port) tag = `t${n}`;
      load(port, tag, 6 + 4 * i);
    }
    await expect
      .poll(async () => Number(await page.getByTestId('chart-node-ops').getAttribute('data-points')), { message: 'a minute and a half of polls drawn', timeout: 180_000 })
      .toBeGreaterThan(90);

    // Kill a primary (not the hot one, whose load keeps going): its replica takes over.
    const victim = primaries.find((a) => a !== hotAddress)!;
    await cluster.node(Number(victim.split(':')[1])).kill();
    const victimRow = page.locator(`[data-testid="node-row"][data-address="${victim}"]`);
    await expect(victimRow).toHaveAttribute('data-up', 'false');
    await expect(victimRow.getByTestId('node-state')).toHaveText('down');
    const log = page.getByTestId('topology-log');
    await expect(log.locator('[data-testid="topology-event"][data-kind="failover"]')).toHaveCount(1, { timeout: 90_000 });
    await expect(log.locator('[data-testid="topology-event"][data-kind="failover"]')).toContainText(`from ${victim}`);
    // Three primaries serve again: the victim's replica is one of them.
    await expect
      .poll(async () => (await nodeRows(page)).filter((r) => r.up && r.role === 'primary').length, { message: 'three primaries up after the failover' })
      .toBe(3);

    // The failover is marked on the nodes view's charts…
    const opsChart = page.getByTestId('chart-node-ops');
    await opsChart.scrollIntoViewIfNeeded();
    await expect(opsChart.locator('.reset-topology')).not.toHaveCount(0);
    await expect(opsChart.locator('svg text').filter({ hasText: /^failover/ })).toHaveCount(1);
    // …and on every chart of the overview, which also says a node is down.
    await page.getByTestId('view-tab-overview').click();
    await expect(page.getByTestId('cluster-health')).toContainText(`${victim} (primary)`);
    const overviewOps = page.getByTestId('chart-ops');
    await overviewOps.scrollIntoViewIfNeeded();
    await expect(overviewOps.locator('.reset-topology')).not.toHaveCount(0);
    await expect(overviewOps.locator('svg text').filter({ hasText: /^failover/ })).toHaveCount(1);
    await expect(page.getByTestId('topology-words')).toHaveText('cluster · 3 primaries · 2 replicas · 1 down');

    // The README's picture: the nodes view a few polls after the failover, in the dark theme (and the light one, to look at).
    await page.getByTestId('view-tab-nodes').click();
    await page.setViewportSize({ width: 1440, height: 1000 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByTestId('chart-node-ops').locator('svg text').filter({ hasText: /^failover/ })).toHaveCount(1);
    await page.locator('main').evaluate((m) => m.scrollTo(0, 0));
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await saveScreenshot(page, 'nodes');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.screenshot({ path: test.info().outputPath('nodes-light.png') });
  } finally {
    await Promise.all(loads.map((l) => l.stop()));
    for (const c of clients) c.disconnect();
    await cluster?.stop();
  }
});

test('a Sentinel set added through the form: sentinels, master name and the sentinels\' password; the header and the Nodes tab show the primary and its replica', async ({ app: page, serve }) => {
  test.setTimeout(240_000);
  let set: TestSentinelSet | undefined;
  try {
    set = await startSentinelSet({ sentinelPassword: 'sentinel-secret' });
    await page.getByTestId('add-connection').click();
    await page.getByTestId('form-name').fill('HA cache');
    await page.getByRole('radiogroup', { name: 'Topology' }).getByText('Sentinel').click();
    await expect(page.getByTestId('form-kind-sentinel')).toBeChecked();
    await page.getByTestId('form-nodes').fill(set.sentinels.map((s) => `${s.host}:${s.port}`).join('\n'));
    // Without the master name, the form says what is missing and keeps the dialog open.
    await page.getByTestId('form-save').click();
    await expect(page.getByTestId('form-sentinel')).toContainText('Enter the master name');
    await page.getByTestId('form-master-name').fill(set.masterName);
    await page.getByTestId('form-sentinel-password').fill('sentinel-secret');
    await page.getByTestId('form-test').click();
    await expect(page.getByTestId('form-test-result')).toContainText('Connected: Redis');
    await page.getByTestId('form-save').click();
    await expect(page.locator('.conn-header h1')).toHaveText('HA cache');
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
    await expect(page.getByTestId('topology-words')).toHaveText(`sentinel ${set.masterName} · 1 replica`);
    // The sentinels' password was sealed in main: never in the saved file in clear.
    expect(readFileSync(path.join(serve.dataDir, 'connections.json'), 'utf8')).not.toContain('sentinel-secret');

    await page.getByTestId('view-tab-nodes').click();
    await expect(page.getByTestId('node-row')).toHaveCount(2);
    const rows = await nodeRows(page);
    expect(rows.map((r) => `${r.address} ${r.role}`).sort()).toEqual([`127.0.0.1:${set.primary.port} primary`, `127.0.0.1:${set.replica.port} replica`].sort());
    await expect(page.getByTestId('nodes-one-primary')).toContainText('its replicas take over');

    // Editing: the master name is back, the password stays saved unless removed.
    await page.getByTestId('edit-profile').click();
    await expect(page.getByTestId('form-kind-sentinel')).toBeChecked();
    await expect(page.getByTestId('form-master-name')).toHaveValue(set.masterName);
    await expect(page.getByTestId('form-sentinel-password')).toHaveAttribute('placeholder', '•••••• (saved)');
    await expect(page.getByTestId('form-sentinel-password-clear')).not.toBeChecked();
    await page.getByTestId('form-cancel').click();
  } finally {
    await set?.stop();
  }
});
