import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../../shared/contract/api';
import { runServe } from '../../electron/serve';
import { tempDir } from '../helpers/core';

type Handle = Awaited<ReturnType<typeof runServe>>;

function get(port: number, pathname: string, host: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Try a WebSocket upgrade; resolve 'open' or the HTTP status of the refusal. */
function upgrade(port: number, query: string, headers: Record<string, string>): Promise<{ ws?: WebSocket; status: number | 'open' }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, { headers });
    ws.once('open', () => resolve({ ws, status: 'open' }));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('error', () => resolve({ status: 0 }));
  });
}

function invoke(ws: WebSocket, command: string, args: unknown): Promise<ServerFrame> {
  return new Promise((resolve) => {
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
}

describe('serve mode: the WebSocket bridge is for this page only', () => {
  let serve: Handle;
  let good: Record<string, string>;
  beforeAll(async () => {
    const staticDir = tempDir();
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Cachescope</title>');
    serve = await runServe({ port: 0, dataDir: tempDir(), staticDir, quiet: true, env: {} });
    good = { Origin: `http://127.0.0.1:${serve.port}`, Host: `127.0.0.1:${serve.port}` };
  });
  afterAll(async () => serve.close());

  it('prints a loopback URL with a 256-bit token in the fragment', () => {
    expect(serve.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${serve.port}/#token=[0-9a-f]{64}$`));
  });

  it('accepts the page with the token and answers contract commands', async () => {
    const { ws, status } = await upgrade(serve.port, `?token=${serve.token}`, good);
    expect(status).toBe('open');
    const reply = await invoke(ws!, 'app.info', {});
    expect(reply).toMatchObject({ type: 'reply', reply: { ok: true, value: { name: 'Cachescope', mode: 'serve' } } });
    const bad = await invoke(ws!, 'profiles.delete', { id: 42 });
    expect(bad).toMatchObject({ reply: { ok: false, error: { code: 'BAD_REQUEST' } } });
    ws!.close();
  });

  it('also accepts localhost:PORT as Host and Origin', async () => {
    const { ws, status } = await upgrade(serve.port, `?token=${serve.token}`, { Origin: `http://localhost:${serve.port}`, Host: `localhost:${serve.port}` });
    expect(status).toBe('open');
    ws!.close();
  });

  it('refuses an upgrade without the token, with a wrong token, or a token of another length', async () => {
    expect((await upgrade(serve.port, '', good)).status).toBe(403);
    expect((await upgrade(serve.port, `?token=${'0'.repeat(64)}`, good)).status).toBe(403);
    expect((await upgrade(serve.port, `?token=${serve.token.slice(1)}`, good)).status).toBe(403);
  });

  it('refuses a foreign Origin (a page on another site driving FLUSHDB)', async () => {
    for (const origin of ['https://evil.example', `http://127.0.0.1:${serve.port + 1}`, 'null', `http://127.0.0.1:${serve.port}.evil.example`]) {
      expect((await upgrade(serve.port, `?token=${serve.token}`, { ...good, Origin: origin })).status).toBe(403);
    }
    expect((await upgrade(serve.port, `?token=${serve.token}`, { Host: good.Host! })).status).toBe(403);
  });

  it('refuses a foreign Host (DNS rebinding) on the upgrade and on plain HTTP', async () => {
    const rebinding = { Origin: `http://evil.example:${serve.port}`, Host: `evil.example:${serve.port}` };
    expect((await upgrade(serve.port, `?token=${serve.token}`, rebinding)).status).toBe(403);
    expect((await get(serve.port, '/', `evil.example:${serve.port}`)).status).toBe(421);
  });

  it('serves the page with the CSP and no CORS headers, and no files outside the app', async () => {
    const page = await get(serve.port, '/', `127.0.0.1:${serve.port}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    expect((await get(serve.port, '/../../etc/passwd', `127.0.0.1:${serve.port}`)).status).toBe(404);
    expect((await get(serve.port, '/%2e%2e/%2e%2e/etc/passwd', `127.0.0.1:${serve.port}`)).status).toBe(404);
  });
});
