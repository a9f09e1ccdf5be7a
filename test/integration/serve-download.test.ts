import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type Redis from 'ioredis';
import { testClient } from '../helpers/redis-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../../shared/contract/api';
import type { ValueDownload } from '../../shared/contract';
import { runServe } from '../../electron/serve';
import { tempDir } from '../helpers/core';
import { startRedis, type TestRedis } from '../helpers/redis-server';

type Handle = Awaited<ReturnType<typeof runServe>>;

function get(port: number, pathname: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('serve mode: a value download is a one-time link the browser fetches', () => {
  let redis: TestRedis;
  let client: Redis;
  let serve: Handle;
  let ws: WebSocket;
  let host: Record<string, string>;
  const id = 'env-default';

  const invoke = (command: string, args: unknown): Promise<ServerFrame> =>
    new Promise((resolve) => {
      const n = Math.floor(Math.random() * 1e9);
      ws.on('message', function onMessage(raw) {
        const frame = JSON.parse(raw.toString()) as ServerFrame;
        if (frame.type === 'reply' && frame.id === n) {
          ws.off('message', onMessage);
          resolve(frame);
        }
      });
      ws.send(JSON.stringify({ type: 'invoke', id: n, command, args }));
    });
  const link = async (key: string): Promise<Extract<ValueDownload, { kind: 'link' }>> => {
    const frame = await invoke('keys.value.download', { id, key: { utf8: key } });
    if (frame.type !== 'reply' || !frame.reply.ok) throw new Error(`no link: ${JSON.stringify(frame)}`);
    const value = frame.reply.value as ValueDownload;
    if (value.kind !== 'link') throw new Error(`expected a link, got ${value.kind}`);
    return value;
  };

  beforeAll(async () => {
    redis = await startRedis();
    client = testClient(redis.port, '127.0.0.1');
    client.on('error', () => undefined);
    serve = await runServe({ port: 0, dataDir: tempDir(), staticDir: tempDir(), quiet: true, env: { REDIS_URL: redis.url } });
    host = { Host: `127.0.0.1:${serve.port}` };
    ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${serve.token}`, { headers: { Origin: `http://127.0.0.1:${serve.port}`, ...host } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    await invoke('connections.open', { id });
  });
  afterAll(async () => {
    ws?.close();
    await serve?.close();
    client?.disconnect();
    await redis?.stop();
  });

  it('streams the exact bytes (binary, several chunks) once; a path in the request is refused', async () => {
    const value = Buffer.concat([Buffer.from([0, 0xff, 0x0a, 0x0d]), randomBytes(2.5 * 1024 * 1024)]);
    await client.set('blob:1', value);
    const refused = await invoke('keys.value.download', { id, key: { utf8: 'blob:1' }, path: '/tmp/x' });
    expect(refused).toMatchObject({ reply: { ok: false, error: { code: 'BAD_REQUEST' } } });

    const d = await link('blob:1');
    expect(d).toMatchObject({ url: expect.stringMatching(/^\/download\/[0-9a-f]{64}$/), filename: 'blob_1.bin' });
    const res = await get(serve.port, d.url, { ...host, 'Sec-Fetch-Site': 'same-origin' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-length']).toBe(String(value.length));
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(res.body.equals(value)).toBe(true);
    // Used once: the same link again is unknown.
    expect((await get(serve.port, d.url, host)).status).toBe(404);
  });

  it('refuses a cross-site fetch, a wrong Host and a made-up ticket', async () => {
    await client.set('secret', 'session-token');
    const d = await link('secret');
    expect((await get(serve.port, d.url, { ...host, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await get(serve.port, d.url, { ...host, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(serve.port, d.url, { Host: 'evil.example' })).status).toBe(421);
    expect((await get(serve.port, `/download/${'0'.repeat(64)}`, host)).status).toBe(404);
    // None of the refusals spent the ticket: the page itself still gets the value.
    const ok = await get(serve.port, d.url, host);
    expect(ok.body.toString()).toBe('session-token');
  });

  it('an empty value is an empty file; a key that is not a string says why', async () => {
    await client.set('empty', '');
    const empty = await get(serve.port, (await link('empty')).url, host);
    expect(empty.status).toBe(200);
    expect(empty.body.length).toBe(0);
    await client.hset('h', 'a', '1');
    const hash = await get(serve.port, (await link('h')).url, host);
    expect(hash.status).toBe(409);
    expect(hash.body.toString()).toMatch(/only string values can be downloaded/);
  });
});
