import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type Redis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AuditEntry, JobProgress } from '../../shared/contract';
import type { ServerFrame } from '../../shared/contract/api';
import type { Envelope } from '../../shared/envelope';
import { main } from '../../electron/cli/main';
import { runServe } from '../../electron/serve';
import { rawAuditLines } from '../helpers/audit';
import { tempDir } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';
import { client } from './actions-helpers';

/**
 * Issue 14: the CLI has the UI's front door. The same action run by `cachescope …` (main(), the
 * in-process transport) and by a WebSocket client of serve mode leaves the same audit lines and
 * the same undo header. Allowed to differ, and why:
 *   ts, createdAt, durationMs — when and how long;  id — each run's own;
 *   source — 'cli' vs 'serve', so the log says who acted;
 *   connectionId — the CLI's session profile ('cli') vs the saved profile's UUID: two identities
 *     for one server (both are named by its address, so connectionName is compared);
 *   undoFile — each run writes a new file, so its name (also where target/message mention it).
 */
type Handle = Awaited<ReturnType<typeof runServe>>;

let redis: TestRedis;
let seed: Redis;
let serve: Handle;
let ws: WebSocket;
let dataDir: string;
let id: string;

const invoke = <T>(command: string, args: unknown): Promise<T> =>
  new Promise((resolve, reject) => {
    const n = Math.floor(Math.random() * 1e9);
    ws.on('message', function onMessage(raw) {
      const frame = JSON.parse(raw.toString()) as ServerFrame;
      if (frame.type !== 'reply' || frame.id !== n) return;
      ws.off('message', onMessage);
      const reply = frame.reply as Envelope<T>;
      if (reply.ok) resolve(reply.value);
      else reject(new Error(`${command}: ${reply.error.code} ${reply.error.message}`));
    });
    ws.send(JSON.stringify({ type: 'invoke', id: n, command, args }));
  });

async function jobEnd(jobId: string): Promise<JobProgress> {
  for (let i = 0; i < 600; i++) {
    const p = await invoke<JobProgress | null>('actions.job', { jobId });
    if (p && p.state !== 'running') return p;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${jobId} did not end`);
}

/** `cachescope …` in this process, through main(): its exit code and output. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        append(chunk.toString('utf8'));
        done();
      },
    });
  const code = await main([...args, '--host', '127.0.0.1', '--port', String(redis.port)], {
    env: { CACHESCOPE_DATA_DIR: dataDir },
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
  });
  return { code, stdout, stderr };
}

const KEYS = ['user:1', 'user:2', 'user:3'];
async function reseed(): Promise<void> {
  await seed.flushdb();
  for (const k of KEYS) await seed.set(k, `v-${k}`, 'EX', 3600);
  await seed.set('other', 'x');
}

/** The audit lines one side wrote for `action` (started and end lines, in order), minus what may differ. */
function comparable(lines: AuditEntry[], source: AuditEntry['source'], action: string): Record<string, unknown>[] {
  return lines
    .filter((l) => l.source === source && l.action === action)
    .map((l) => {
      const { ts: _ts, id: _id, durationMs: _d, source: _s, connectionId: _c, undoFile, ...rest } = l;
      const out: Record<string, unknown> = { ...rest, ...(undoFile ? { undoFile: '<undo file>' } : {}) };
      if (undoFile) for (const k of ['target', 'message'] as const) if (typeof out[k] === 'string') out[k] = (out[k] as string).split(undoFile).join('<undo file>');
      return out;
    });
}

function undoHeader(file: string): Record<string, unknown> {
  const { createdAt: _t, connectionId: _c, ...rest } = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]!) as Record<string, unknown>;
  return rest;
}

beforeAll(async () => {
  redis = await startRedis();
  seed = client(redis);
  // One data folder for both, as on a machine where someone uses the app and the CLI.
  dataDir = tempDir();
  serve = await runServe({ port: 0, dataDir, staticDir: tempDir(), quiet: true, env: {} });
  const host = `127.0.0.1:${serve.port}`;
  ws = new WebSocket(`ws://${host}/ws?token=${serve.token}`, { headers: { Origin: `http://${host}`, Host: host } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  // The UI's connection to the same server, named as the CLI names its own: by address.
  ({ id } = await invoke<{ id: string }>('profiles.save', { name: `127.0.0.1:${redis.port}`, host: '127.0.0.1', port: redis.port, db: 0, env: 'dev' }));
  await invoke('connections.open', { id });
}, 60_000);
afterAll(async () => {
  ws?.close();
  await serve?.close();
  seed?.disconnect();
  await redis?.stop();
});

describe('the CLI and the WebSocket leave the same audit entries and undo headers', () => {
  beforeEach(reseed);

  it('invalidate --prefix with a backup, then restore it', async () => {
    // The CLI's backup goes into the undo folder under a name of its kind (dated now: retention
    // prunes by the name's date), so its restore is the UI's "undo" of that file.
    const cliBackup = path.join(dataDir, 'undo', `${new Date().toISOString().replace(/[:.]/g, '-')}-cli00000.undo.ndjson`);
    const inv = await cli(['invalidate', '--prefix', 'user:', '--yes', '--backup', cliBackup]);
    expect(inv.code, inv.stderr).toBe(0);
    expect(await seed.exists(...KEYS)).toBe(0);
    const restored = await cli(['restore', '--backup', cliBackup]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await seed.exists(...KEYS)).toBe(3);

    await reseed();
    const preview = await invoke<{ previewId: string; confirm: { phrase: string } }>('actions.preview', { id, target: { kind: 'prefix', prefix: { utf8: 'user:' } } });
    const { jobId, undoFile } = await invoke<{ jobId: string; undoFile: string }>('actions.execute', { id, previewId: preview.previewId, confirmation: preview.confirm.phrase, undo: true });
    expect((await jobEnd(jobId)).state).toBe('done');
    expect(await seed.exists(...KEYS)).toBe(0);
    const undo = await invoke<{ jobId: string }>('actions.undo', { id, undoFile });
    expect((await jobEnd(undo.jobId)).state).toBe('done');
    expect(await seed.exists(...KEYS)).toBe(3);

    const lines = rawAuditLines(dataDir);
    const cliInvalidate = comparable(lines, 'cli', 'invalidate');
    expect(cliInvalidate.map((l) => l.phase ?? 'end')).toEqual(['started', 'end']);
    expect(cliInvalidate).toEqual(comparable(lines, 'serve', 'invalidate'));
    const cliUndo = comparable(lines, 'cli', 'undo');
    expect(cliUndo.map((l) => l.phase ?? 'end')).toEqual(['started', 'end']);
    expect(cliUndo).toEqual(comparable(lines, 'serve', 'undo'));
    expect(undoHeader(cliBackup)).toEqual(undoHeader(path.join(dataDir, 'undo', undoFile)));
    expect(undoHeader(cliBackup)).toMatchObject({ connectionName: `127.0.0.1:${redis.port}`, server: `127.0.0.1:${redis.port}`, db: 0, description: 'prefix "user:"' });
  });

  it('flush (FLUSHDB)', async () => {
    const r = await cli(['flush', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    await reseed();
    const preview = await invoke<{ previewId: string; confirm: { phrase: string } }>('flush.preview', { id, all: false });
    await invoke('flush.execute', { id, previewId: preview.previewId, confirmation: preview.confirm.phrase });
    expect(await seed.dbsize()).toBe(0);

    const lines = rawAuditLines(dataDir);
    const cliFlush = comparable(lines, 'cli', 'flushdb');
    expect(cliFlush).toHaveLength(1);
    expect(cliFlush).toEqual(comparable(lines, 'serve', 'flushdb'));
    expect(cliFlush[0]).toMatchObject({ outcome: 'ok', previewCount: 4, resultCount: 4, message: 'FLUSHDB ASYNC' });
  });

  it('every key by scan (flush --by-scan), with its undo file', async () => {
    const cliBackup = path.join(dataDir, 'by-scan.ndjson');
    const r = await cli(['flush', '--by-scan', '--yes', '--backup', cliBackup]);
    expect(r.code, r.stderr).toBe(0);
    await reseed();
    const preview = await invoke<{ previewId: string; confirm: { phrase: string } }>('actions.preview', { id, target: { kind: 'all' } });
    const { jobId, undoFile } = await invoke<{ jobId: string; undoFile: string }>('actions.execute', { id, previewId: preview.previewId, confirmation: preview.confirm.phrase, undo: true });
    expect((await jobEnd(jobId)).state).toBe('done');

    const lines = rawAuditLines(dataDir);
    const cliByScan = comparable(lines, 'cli', 'flushdb-by-scan');
    expect(cliByScan.map((l) => l.phase ?? 'end')).toEqual(['started', 'end']);
    expect(cliByScan).toEqual(comparable(lines, 'serve', 'flushdb-by-scan'));
    expect(undoHeader(cliBackup)).toEqual(undoHeader(path.join(dataDir, 'undo', undoFile)));
  });
  it('warm --file (NDJSON with a bad line)', async () => {
    const file = path.join(dataDir, 'warm.ndjson');
    const content = ['{"key":"w:1","value":"1","ttl":600}', '{oops', '{"key":"w:2","type":"hash","value":{"f":"v"}}'].join('\n');
    writeFileSync(file, content);
    const r = await cli(['warm', '--file', file]);
    expect(r.code, r.stderr).toBe(1); // one bad line
    await reseed();
    // The page uploads the text; named as the CLI's file, so the target reads the same.
    const preview = await invoke<{ previewId: string }>('warm.file.preview', { id, source: { content, name: file } });
    const { jobId } = await invoke<{ jobId: string }>('warm.file.execute', { id, previewId: preview.previewId });
    expect((await jobEnd(jobId)).state).toBe('done');
    expect(await seed.hget('w:2', 'f')).toBe('v');

    const lines = rawAuditLines(dataDir);
    const cliWarm = comparable(lines, 'cli', 'warm-file');
    expect(cliWarm.map((l) => l.phase ?? 'end')).toEqual(['started', 'end']);
    expect(cliWarm).toEqual(comparable(lines, 'serve', 'warm-file'));
    expect(cliWarm[1]).toMatchObject({ outcome: 'partial', previewCount: 2, resultCount: 2 });
  });
});
