import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { gzipSync } from 'node:zlib';
import type { Locator, Page } from '@playwright/test';
import WebSocket from 'ws';
import type { Envelope } from '../../shared/envelope';
import { EDGE_KEYS, layoutKey, seedEdgeKeys, seedLayouts, TYPED_KEYS } from '../fixtures/keyspace';
import { expect, test, type ServeProcess } from './fixtures';
import { saveScreenshot } from './screenshots';


const LAYOUT_KEYS = 320; // 20 of each of the 16 layout shapes
const GZIP_KEY = 'gz:course:42';
const GZIP_TITLE = 'Redis for caching, gzip edition';
const BIG_HASH = 'big:hash5k';
const BIG_HASH_FIELDS = 5000;

interface Seeded {
  /** Every key name the test wrote (binary ones as latin1 strings are not needed: counted by prefix below). */
  names: Buffer[];
}

/** Layout keys, edge keys, one key of every type, a gzip JSON value and a 5k-field hash. */
async function seed(client: Redis): Promise<Seeded> {
  await seedLayouts(client, LAYOUT_KEYS);
  await seedEdgeKeys(client);
  const doc = { course: GZIP_TITLE, lessons: Array.from({ length: 40 }, (_, i) => ({ n: i, title: `Lesson ${i}` })) };
  await client.set(GZIP_KEY, gzipSync(Buffer.from(JSON.stringify(doc))), 'PX', 3_600_000);
  for (let start = 0; start < BIG_HASH_FIELDS; start += 1000) {
    const fields: string[] = [];
    for (let f = start; f < start + 1000; f++) fields.push(`field:${f}`, `value-${f}`);
    await client.hset(BIG_HASH, ...fields);
  }
  const names: Buffer[] = [];
  for (let n = 0; n < LAYOUT_KEYS; n++) names.push(Buffer.from(layoutKey(n).key));
  names.push(...EDGE_KEYS, ...Object.values(TYPED_KEYS).map((k) => Buffer.from(k)), Buffer.from(GZIP_KEY), Buffer.from(BIG_HASH));
  return { names };
}

/** Keys whose name starts with `prefix` (what a folder of the tree must count). */
function countUnder(s: Seeded, prefix: string | Buffer): number {
  const p = typeof prefix === 'string' ? Buffer.from(prefix) : prefix;
  return s.names.filter((n) => n.length >= p.length && n.subarray(0, p.length).equals(p)).length;
}

async function connect(port: number): Promise<Redis> {
  const client = testClient(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await client.connect();
  return client;
}


const folder = (page: Page, name: string): Locator => page.locator(`[data-testid="folder-row"][data-name="${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`);
const keyRow = (page: Page, name: string): Locator => page.locator(`[data-testid="key-row"][data-name="${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`);

/** Open the Keys tab: the test's small keyspace is scanned by itself, to completion. */
async function openKeysAndScan(page: Page): Promise<void> {
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
  await page.getByTestId('view-tab-keys').click();
  await expect(page.getByTestId('scan-bar')).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('scan-bar')).toHaveAttribute('data-auto', 'true');
}

/** Uncaught exceptions in the page (a crashed view is a blank pane, not a failed locator). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** One contract command over serve mode's WebSocket, as the page would send it (token + exact Origin). */
async function invoke<T>(serve: ServeProcess, command: string, args: unknown): Promise<Envelope<T>> {
  const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`, { origin: serve.origin });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise<Envelope<T>>((resolve) => {
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; id?: number; reply?: Envelope<T> };
        if (frame.type === 'reply' && frame.id === 1) resolve(frame.reply!);
      });
      ws.send(JSON.stringify({ type: 'invoke', id: 1, command, args }));
    });
  } finally {
    ws.close();
  }
}

async function streamText(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  return text;
}

async function goTo(page: Page, name: string): Promise<void> {
  await page.getByTestId('goto-input').fill(name);
  await page.getByTestId('goto-submit').click();
}

test.describe('keys browser', () => {
  test('browses the namespace tree: folder counts equal what was seeded; fold a prefix; keyboard', async ({ app: page, redis }) => {
    const errors = watchErrors(page);
    const client = await connect(redis.port);
    try {
      const seeded = await seed(client);
      const dbsize = await client.dbsize();
      expect(dbsize).toBe(seeded.names.length);
      await openKeysAndScan(page);
      await expect(page.getByTestId('scan-text')).toHaveAttribute('data-scanned', String(dbsize));

      // The root: everything, and one folder per first segment with the seeded count.
      await expect(page.getByTestId('summary-keys')).toHaveAttribute('data-value', String(dbsize));
      for (const seg of ['user', 'course', 'skillup', 'meeting', 'types', 'profile']) {
        await expect(folder(page, seg).getByTestId('folder-keys'), `folder ${seg}:`).toHaveText(String(countUnder(seeded, `${seg}:`)));
      }
      // profile:teacher:* keys were seeded without TTL: that folder's TTL mark says so.
      await expect(folder(page, 'profile').getByTestId('ttl-health')).toHaveAttribute('data-health', 'none');
      await expect(folder(page, 'skillup').getByTestId('ttl-health')).toHaveAttribute('data-health', 'ok');

      // Into user: the hypersdk keys with an id in the middle (user:<id>:profile) gather in one ‹id› folder.
      await folder(page, 'user').click();
      await expect(page.getByTestId('crumb')).toHaveText(['user']);
      await expect(page.getByTestId('summary-keys')).toHaveAttribute('data-value', String(countUnder(seeded, 'user:')));
      await expect(folder(page, 'profile').getByTestId('folder-keys')).toHaveText(String(countUnder(seeded, 'user:profile:')));
      const idKeys = seeded.names.map(String).filter((n) => /^user:\d+:/.test(n));
      const ids = new Set(idKeys.map((n) => n.split(':')[1])).size;
      expect(ids).toBeGreaterThan(1);
      const idFolder = folder(page, '*');
      await expect(idFolder.getByTestId('id-folder')).toContainText(`× ${ids}`);
      await expect(idFolder.getByTestId('folder-keys')).toHaveText(String(idKeys.length));
      await expect(folder(page, '0')).toHaveCount(0);
      await saveScreenshot(page, 'keys-ids');
      await idFolder.click();
      await expect(page.getByTestId('crumb')).toHaveText(['user', '‹id›']);
      await expect(page.getByTestId('summary-keys')).toHaveAttribute('data-value', String(idKeys.length));
      // Inside, the siblings across ids are rows of their own (issue 17): `profile` × every id, with
      // its own count and TTL health; it opens on its keys, named from the id.
      const profiles = idKeys.filter((n) => /^user:\d+:profile$/.test(n)).length;
      expect(profiles).toBeGreaterThan(1);
      const profileGroup = folder(page, 'profile');
      await expect(profileGroup.getByTestId('leaf-group')).toContainText(`× ${profiles}`);
      await expect(profileGroup.getByTestId('folder-keys')).toHaveText(String(profiles));
      await expect(profileGroup.getByTestId('ttl-health')).toHaveAttribute('data-health', 'ok');
      await expect(page.getByTestId('key-row')).toHaveCount(0);
      await profileGroup.click();
      await expect(page.getByTestId('crumb')).toHaveText(['user', '‹id›', 'profile']);
      await expect(page.getByTestId('summary-keys')).toHaveAttribute('data-value', String(profiles));
      await expect(keyRow(page, '0:profile')).toBeVisible(); // named from the id: the rest of the prefix is the same for all
      await keyRow(page, '0:profile').click();
      await expect(page.getByTestId('detail-name')).toHaveText('user:0:profile');
      await page.getByTestId('crumb-root').click();
      // "Group ids" off: one folder per id, as the keys spell them; back on for the rest of the test.
      await page.getByTestId('tree-collapse-ids').uncheck();
      await folder(page, 'user').click();
      await expect(folder(page, '0').getByTestId('folder-keys')).toHaveText(String(countUnder(seeded, 'user:0:')));
      await expect(folder(page, '*')).toHaveCount(0);
      await page.getByTestId('tree-collapse-ids').check();
      await expect(page.getByTestId('crumb')).toHaveCount(0);

      // Keyboard: Backspace goes up; ↓ and Enter open a folder.
      await page.getByTestId('keys-list').focus();
      await page.keyboard.press('Backspace');
      await expect(page.getByTestId('crumb')).toHaveCount(0);
      await page.keyboard.press('Home');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('crumb')).toHaveCount(1);
      await page.keyboard.press('Backspace');

      // A binary name: shown with \xNN escapes and a badge, opened by its exact bytes.
      const binFolder = folder(page, '\\xff\\xfe\\x00\\x01');
      await binFolder.click();
      const binRow = keyRow(page, '\\x80');
      await expect(binRow.locator('.badge-binary')).toBeVisible();
      await binRow.click();
      await expect(page.getByTestId('detail-binary')).toBeVisible();
      await expect(page.getByTestId('value-text')).toHaveText('edge');
      await page.getByTestId('crumb-root').click();

      // Fold the skillup: prefix away: the tree starts inside it.
      await page.getByTestId('tree-fold').fill('skillup:');
      await page.getByTestId('tree-fold').press('Enter');
      await expect(page.getByTestId('crumb-root')).toContainText('skillup:');
      await expect(folder(page, 'course').getByTestId('folder-keys')).toHaveText(String(countUnder(seeded, 'skillup:course:')));
      await expect(folder(page, 'user').getByTestId('folder-keys')).toHaveText(String(countUnder(seeded, 'skillup:user:')));
      await page.getByTestId('tree-fold').fill('');
      await page.getByTestId('tree-fold').press('Enter');
      await expect(page.getByTestId('crumb-root')).toHaveText('All keys');

      // Flat list, filtered by glob and by type; `/` focuses the filter.
      await page.getByTestId('mode-list').click();
      await page.getByTestId('keys-list').focus();
      await page.keyboard.press('/');
      await expect(page.getByTestId('keys-filter')).toBeFocused();
      await page.keyboard.type('types:*');
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('summary-keys')).toHaveAttribute('data-value', String(Object.keys(TYPED_KEYS).length));
      await page.getByTestId('keys-type').selectOption('zset');
      await expect(page.getByTestId('summary-keys')).toHaveAttribute('data-value', '1');
      await expect(keyRow(page, TYPED_KEYS.zset)).toBeVisible();

      // Metadata on demand, no rescan: a TTL set behind the view's back shows after the row's ↻.
      await page.getByTestId('keys-type').selectOption('');
      await page.getByTestId('keys-filter').fill(TYPED_KEYS.string);
      await page.getByTestId('keys-filter').press('Enter');
      const stringRow = keyRow(page, TYPED_KEYS.string);
      await expect(stringRow.getByTestId('row-ttl')).toHaveText('∞');
      // Under an hour, so the countdown shows seconds (an hour or more shows "1h 29m": a minute per change).
      await client.pexpire(TYPED_KEYS.string, 20 * 60_000);
      await stringRow.hover();
      await stringRow.getByRole('button', { name: 'Refresh this row' }).click();
      await expect(stringRow.getByTestId('row-ttl')).toHaveText(/^19m |^20m /);
      // …and it counts down on screen.
      const shown = await stringRow.getByTestId('row-ttl').getAttribute('title');
      await expect.poll(() => stringRow.getByTestId('row-ttl').getAttribute('title')).not.toBe(shown);
      expect(errors).toEqual([]);
    } finally {
      await client.quit();
    }
  });

  test('a folder opened while a tree setting is being saved stays open', async ({ app: page, redis }) => {
    const client = await connect(redis.port);
    try {
      await client.mset('user:1:profile', 'a', 'user:2:profile', 'b', 'user:3:profile', 'c');
      // The save's reply is held back, as on a slow link, until the folder has been clicked: the
      // click lands before it however loaded the machine is (a timer would only make that likely).
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      await page.routeWebSocket(/\/ws/, (ws) => {
        const server = ws.connectToServer();
        const held = new Set<unknown>();
        ws.onMessage((m) => {
          const frame = JSON.parse(String(m)) as { type?: string; id?: unknown; command?: string };
          if (frame.type === 'invoke' && frame.command === 'keyspace.settings.set') held.add(frame.id);
          server.send(m);
        });
        server.onMessage((m) => {
          const frame = JSON.parse(String(m)) as { id?: unknown };
          if (held.has(frame.id)) void released.then(() => ws.send(m));
          else ws.send(m);
        });
      });
      await page.reload();
      await openKeysAndScan(page);
      await expect(folder(page, 'user').getByTestId('folder-keys')).toHaveText('3');
      await page.getByTestId('tree-collapse-ids').uncheck();
      await folder(page, 'user').click();
      await expect(page.getByTestId('crumb')).toHaveText(['user']);
      release();
      // Once the setting lands, the same folder shows one folder per id, and stays open.
      await expect(folder(page, '2').getByTestId('folder-keys')).toHaveText('1');
      await expect(page.getByTestId('tree-collapse-ids')).not.toBeChecked();
      await expect(page.getByTestId('crumb')).toHaveText(['user']);
    } finally {
      client.disconnect();
    }
  });

  test('opens every type and shows the values the test wrote', async ({ app: page, redis }) => {
    const errors = watchErrors(page);
    const client = await connect(redis.port);
    try {
      await seed(client);
      const version = ((await client.info('server')).match(/redis_version:(\S+)/) ?? [])[1] ?? '0';
      const [major = 0, minor = 0] = version.split('.').map(Number);
      await openKeysAndScan(page);

      await goTo(page, TYPED_KEYS.string);
      await expect(page.getByTestId('detail-type')).toHaveText('string');
      await expect(page.getByTestId('value-text')).toHaveText('plain');
      // Servers before 7.2 have no CLIENT NO-TOUCH: reading a value refreshes its LRU clock, and the pane says so.
      if (major < 7 || (major === 7 && minor < 2)) await expect(page.getByTestId('lru-note')).toBeVisible();
      else await expect(page.getByTestId('lru-note')).toHaveCount(0);

      await goTo(page, TYPED_KEYS.list);
      await expect(page.getByTestId('value-list').getByTestId('value-row')).toHaveText(['0a', '1b', '2c']);
      await expect(page.getByTestId('detail-length')).toHaveAttribute('data-value', '3');

      await goTo(page, TYPED_KEYS.set);
      await expect(page.getByTestId('value-set').getByTestId('value-row')).toHaveCount(2);
      await expect(page.getByTestId('value-set')).toContainText('a');

      await goTo(page, TYPED_KEYS.zset);
      await expect(page.getByTestId('value-zset').getByTestId('value-row')).toHaveText(['01a', '12b']);

      await goTo(page, TYPED_KEYS.hash);
      await expect(page.getByTestId('value-hash').getByTestId('value-row')).toHaveText(['f1v1', 'f2v2']);
      await expect(page.getByTestId('detail-ttl')).not.toHaveText('no expiry');

      await goTo(page, TYPED_KEYS.stream);
      await expect(page.getByTestId('value-stream')).toContainText('field');
      await expect(page.getByTestId('value-stream')).toContainText('value');

      // A layout JSON value: pretty-printed, collapsible.
      await goTo(page, 'course:3');
      await expect(page.getByTestId('value-string')).toHaveAttribute('data-mode', 'json');
      await expect(page.getByTestId('value-json')).toContainText('"item 3"');
      const lines = page.getByTestId('json-line');
      const before = await lines.count();
      await lines.first().getByRole('button', { name: 'Collapse' }).click();
      await expect(lines).toHaveCount(1);
      await lines.first().getByRole('button', { name: 'Expand' }).click();
      await expect(lines).toHaveCount(before);
      await page.getByTestId('string-mode-hex').click();
      await expect(page.getByTestId('value-hex')).toContainText('7b 22 69 64'); // {"id

      // gzip (1f 8b): recognised, inflated, with a note.
      await goTo(page, GZIP_KEY);
      await expect(page.getByTestId('gzip-note')).toBeVisible();
      await expect(page.getByTestId('value-json')).toContainText(GZIP_TITLE);

      // 5,000 fields: the count is exact, the first page is a page, "Load more" fetches the next.
      await goTo(page, BIG_HASH);
      await expect(page.getByTestId('detail-length')).toHaveAttribute('data-value', String(BIG_HASH_FIELDS));
      const shown = page.getByTestId('value-shown');
      const first = Number(await shown.getAttribute('data-shown'));
      expect(first).toBeGreaterThan(0);
      expect(first).toBeLessThan(BIG_HASH_FIELDS);
      await page.getByTestId('load-more').click();
      await expect.poll(async () => Number(await shown.getAttribute('data-shown'))).toBeGreaterThan(first);
      expect(await page.getByTestId('value-hash').getByTestId('value-row').first().textContent()).toMatch(/^field:(\d+)value-\1$/);
      expect(errors).toEqual([]);
    } finally {
      await client.quit();
    }
  });

  test('changes a TTL, jumps to exact names (space, newline, binary), deletes through the controls', async ({ app: page, redis }) => {
    const errors = watchErrors(page);
    const client = await connect(redis.port);
    try {
      await seed(client);
      await openKeysAndScan(page);

      await goTo(page, 'key with spaces');
      await expect(page.getByTestId('detail-name')).toHaveText('key with spaces');
      await expect(page.getByTestId('detail-ttl')).toHaveText('no expiry');
      await page.getByTestId('ttl-input').fill('2h');
      await page.getByTestId('ttl-set').click();
      await expect(page.getByTestId('detail-ttl')).not.toHaveText('no expiry');
      const pttl = await client.pttl('key with spaces');
      expect(pttl).toBeGreaterThan(7_100_000);
      expect(pttl).toBeLessThanOrEqual(7_200_000);
      await page.getByTestId('ttl-persist').click();
      await expect(page.getByTestId('detail-ttl')).toHaveText('no expiry');
      expect(await client.pttl('key with spaces')).toBe(-1);

      // Names typed with the escapes the list shows reach the exact bytes.
      await goTo(page, 'line\\nbreak:\\r\\nkey');
      await expect(page.getByTestId('detail-name')).toHaveText('line␊break:␍␊key'); // control bytes as glyph chips
      await expect(page.getByTestId('value-text')).toHaveText('edge');
      await goTo(page, '\\xff\\xfe\\x00\\x01:\\x80');
      await expect(page.getByTestId('detail-binary')).toBeVisible();
      await goTo(page, 'report:[2024]:*?\\');
      await expect(page.getByTestId('detail-type')).toHaveText('string');
      await goTo(page, 'no:such:key');
      await expect(page.getByTestId('goto-message')).toContainText('No key named');

      // Delete through the cache controls: preview, confirm, UNLINK (with undo).
      await goTo(page, TYPED_KEYS.set);
      await expect(page.getByTestId('detail-type')).toHaveText('set');
      await page.getByTestId('delete-key').click();
      await expect(page.getByTestId('delete-confirm')).toBeVisible();
      await page.getByTestId('confirm-execute').click();
      await expect(page.getByTestId('detail-notice')).toContainText('Deleted');
      expect(await client.exists(TYPED_KEYS.set)).toBe(0);
      await expect(page.getByTestId('detail-error')).toHaveAttribute('data-code', 'NOT_FOUND');

      await goTo(page, GZIP_KEY);
      await expect(page.getByTestId('gzip-note')).toBeVisible();
      await saveScreenshot(page, 'keys');
      expect(errors).toEqual([]);
    } finally {
      await client.quit();
    }
  });

  test('analysis: totals equal DBSIZE, a TTL-policy violation for keys seeded without TTL, export', async ({ app: page, redis }) => {
    const errors = watchErrors(page);
    const client = await connect(redis.port);
    try {
      const seeded = await seed(client);
      const dbsize = await client.dbsize();
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
      await page.getByTestId('view-tab-analysis').click();
      await expect(page.getByTestId('analysis-empty')).toBeVisible();

      // The policy: profile:* must expire within 30 min (profile:teacher:* keys were written without TTL);
      // session:* within 1 h (they were written with 7 days).
      const policy = page.getByTestId('ttl-policy');
      for (const [pattern, max] of [
        ['profile:*', '30m'],
        ['session:*', '1h'],
      ]) {
        await policy.getByTestId('policy-add').click();
        await policy.getByTestId('policy-pattern').last().fill(pattern!);
        await policy.getByTestId('policy-max').last().fill(max!);
      }
      await policy.getByTestId('policy-save').click();
      await expect(policy.getByTestId('policy-message')).toHaveText('Saved 2 rules.');

      await page.getByTestId('analysis-depth').selectOption('1');
      await page.getByTestId('analysis-run').click();
      await expect(page.getByTestId('report-keys')).toHaveAttribute('data-value', String(dbsize));
      await expect(page.getByTestId('report-dbsize')).toHaveAttribute('data-value', String(dbsize));
      const noTtl = Number(await page.getByTestId('report-no-ttl').getAttribute('data-value'));
      expect(noTtl).toBe(dbsize - Number(((await client.info('keyspace')).match(/expires=(\d+)/) ?? [])[1] ?? 0));

      const missing = page.locator('[data-testid="violation-row"][data-pattern="profile:*"][data-kind="missing-ttl"]');
      await expect(missing).toHaveAttribute('data-count', String(countUnder(seeded, 'profile:')));
      const above = page.locator('[data-testid="violation-row"][data-pattern="session:*"][data-kind="ttl-above-max"]');
      await expect(above).toHaveAttribute('data-count', String(countUnder(seeded, 'session:')));
      // Namespaces at depth 1 count what was seeded under each first segment.
      await expect(page.locator('[data-testid="ns-row"][data-prefix="user:"]')).toHaveAttribute('data-keys', String(countUnder(seeded, 'user:')));
      await expect(page.getByTestId('top-key-row').first()).toContainText(BIG_HASH);
      await saveScreenshot(page, 'analysis');

      // Export: the JSON is the report itself.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
      const exported = JSON.parse(await streamText(await download.createReadStream())) as { totals: { keys: number } };
      expect(exported.totals.keys).toBe(dbsize);
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv-violations').click()]);
      expect(await streamText(await csv.createReadStream())).toContain('profile:*,missing-ttl,1800,');

      // A top key opens in the Keys tab.
      await page.getByTestId('top-key-row').first().getByRole('button').click();
      await expect(page.getByTestId('keys-view')).toBeVisible();
      await expect(page.getByTestId('detail-name')).toHaveText(BIG_HASH);

      // At depth 2 the hypersdk ids collapse into user:*:, and that namespace opens as the tree's ‹id› folder.
      await page.getByTestId('view-tab-analysis').click();
      await page.getByTestId('analysis-depth').selectOption('2');
      await page.getByTestId('analysis-run').click();
      const ids = page.locator('[data-testid="ns-row"][data-prefix="user:*:"]');
      const idKeys = seeded.names.map(String).filter((n) => /^user:\d+:/.test(n)).length;
      await expect(ids).toHaveAttribute('data-keys', String(idKeys));
      await ids.getByTestId('ns-browse').click();
      await expect(page.getByTestId('keys-view')).toBeVisible();
      await expect(page.getByTestId('crumb')).toHaveText(['user', '‹id›']);
      await expect(page.getByTestId('summary-keys')).toHaveAttribute('data-value', String(idKeys));
      expect(errors).toEqual([]);
    } finally {
      await client.quit();
    }
  });

  test('read-only connection: TTL edit and delete are disabled with the reason, and the core refuses them', async ({ app: page, redis, serve }) => {
    const errors = watchErrors(page);
    const client = await connect(redis.port);
    try {
      await seed(client);
      const saved = await invoke<{ id: string }>(serve, 'profiles.save', { name: 'Read-only view', host: '127.0.0.1', port: redis.port, readOnly: true });
      expect(saved.ok).toBe(true);
      const id = saved.ok ? saved.value.id : '';
      await page.getByTestId(`connection-item-${id}`).click();
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'ready');
      await page.getByTestId('view-tab-keys').click();
      await goTo(page, TYPED_KEYS.string);
      await expect(page.getByTestId('detail-type')).toHaveText('string');
      await expect(page.getByTestId('ttl-input')).toBeDisabled();
      await expect(page.getByTestId('ttl-set')).toBeDisabled();
      await expect(page.getByTestId('ttl-set')).toHaveAttribute('title', /Read-only connection/);
      await expect(page.getByTestId('delete-key')).toBeDisabled();
      // The UI is not the guard: the core refuses the write itself.
      const refused = await invoke(serve, 'keys.ttl.set', { id, key: { utf8: TYPED_KEYS.string }, ttlMs: 60_000 });
      expect(refused.ok ? 'accepted' : refused.error.code).toBe('READ_ONLY');
      expect(await client.pttl(TYPED_KEYS.string)).toBe(-1);
      expect(errors).toEqual([]);
    } finally {
      await client.quit();
    }
  });

  test('a real newline and a backslash-n never look alike: list, detail, and the delete confirmation name the exact key', async ({ app: page, redis }) => {
    const errors = watchErrors(page);
    const client = await connect(redis.port);
    const NEWLINE = 'nl\nkey:1'; // a real newline
    const BACKSLASH_N = 'nl\\nkey:1'; // a backslash and an n
    try {
      await client.set(NEWLINE, 'newline');
      await client.set(BACKSLASH_N, 'backslash');
      await openKeysAndScan(page);

      // Two folders (split at ':'), drawn differently: the newline as a chip, the backslash-n as text.
      const names = page.getByTestId('folder-row').locator('.key-name-text');
      await expect(names).toHaveCount(2);
      await expect.poll(async () => (await names.allInnerTexts()).sort()).toEqual(['nl\\nkey', 'nl␊key']);
      const newlineFolder = page.getByTestId('folder-row').filter({ has: page.locator('.name-esc') });
      await expect(newlineFolder).toHaveCount(1);
      await expect(newlineFolder.locator('.name-esc')).toHaveAttribute('title', /newline/);

      // Open the newline key: the detail draws the same chip.
      await newlineFolder.click();
      await page.getByTestId('key-row').first().click();
      await expect(page.getByTestId('detail-name')).toHaveText('nl␊key:1');
      await expect(page.getByTestId('detail-name').locator('.name-esc')).toHaveCount(1);
      await expect(page.getByTestId('value-text')).toHaveText('newline');

      // The confirmation names the key exactly; deleting it leaves the other.
      await page.getByTestId('delete-key').click();
      await expect(page.getByTestId('delete-confirm-name')).toHaveText('nl␊key:1');
      await expect(page.getByTestId('delete-confirm-name').locator('.name-esc')).toHaveCount(1);
      await page.getByTestId('confirm-execute').click();
      await expect(page.getByTestId('detail-notice')).toContainText('Deleted');
      expect(await client.exists(NEWLINE)).toBe(0);
      expect(await client.get(BACKSLASH_N)).toBe('backslash');

      // The backslash-n key (typed with the escape for a backslash): plain text, no chip, named as such.
      await goTo(page, 'nl\\\\nkey:1');
      await expect(page.getByTestId('value-text')).toHaveText('backslash');
      await expect(page.getByTestId('detail-name')).toHaveText('nl\\nkey:1');
      await expect(page.getByTestId('detail-name').locator('.name-esc')).toHaveCount(0);
      await page.getByTestId('delete-key').click();
      await expect(page.getByTestId('delete-confirm-name')).toHaveText('nl\\nkey:1');
      await expect(page.getByTestId('delete-confirm-name').locator('.name-esc')).toHaveCount(0);
      expect(errors).toEqual([]);
    } finally {
      await client.quit();
    }
  });
});
