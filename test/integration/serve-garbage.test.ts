import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../../shared/contract/api';
import { MAX_WS_FRAME_BYTES } from '../../shared/contract/limits';
import { ensureNodeBuilt } from '../helpers/build-node';
import { startCli, type RunningCli } from '../helpers/run-cli';

/**
 * A real `cachescope serve` process fed garbage on every door (HTTP and WebSocket), as any web
 * page or local program could: after each, the process is still running and answers a valid request.
 */

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-serve-garbage-'));
let cli: RunningCli;
let port: number;
let token: string;
let stderr = '';

beforeAll(async () => {
  ensureNodeBuilt();
  cli = startCli(['serve', '--port', '0'], { env: { CACHESCOPE_DATA_DIR: dataDir }, timeoutMs: 300_000 });
  cli.child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const m = /127\.0\.0\.1:(\d+)\/#token=([0-9a-f]{64})$/.exec(await cli.line(1));
  port = Number(m![1]);
  token = m![2]!;
}, 120_000);

afterAll(async () => {
  cli.child.kill('SIGTERM');
  await cli.done;
  rmSync(dataDir, { recursive: true, force: true });
});

const host = () => `127.0.0.1:${port}`;

/** A raw HTTP request (no client-side validation of the path or method); resolves the status code. */
function rawHttp(request: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    let reply = '';
    socket.on('data', (d) => (reply += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0)));
  });
}

function openWs(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${host()}/ws?token=${token}`, { headers: { Origin: `http://${host()}` } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
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

/** The process is running and a fresh client gets a valid reply. */
async function expectAlive(): Promise<void> {
  expect(cli.child.exitCode, stderr).toBeNull();
  expect(cli.child.signalCode, stderr).toBeNull();
  const ws = await openWs();
  const reply = await invoke(ws, 'app.info', {});
  expect(reply).toMatchObject({ type: 'reply', reply: { ok: true, value: { name: 'Cachescope', mode: 'serve' } } });
  ws.close();
}

/** A WebSocket upgrade on a raw socket: resolves the socket once the 101 has arrived. */
function rawUpgrade(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: `/ws?token=${token}`,
      headers: { Host: host(), Origin: `http://${host()}`, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
    });
    req.on('upgrade', (_res, socket) => resolve(socket));
    req.on('error', reject);
    req.end();
  });
}

/** A client frame header (masked, as clients must) announcing `length` payload bytes. */
function frameHeader(opcode: number, length: number): Buffer {
  const head = Buffer.alloc(14);
  head[0] = 0x80 | opcode;
  head[1] = 0x80 | 127;
  head.writeBigUInt64BE(BigInt(length), 2);
  head.writeUInt32BE(0x01020304, 10); // mask key
  return head;
}

describe('serve mode survives garbage on HTTP', () => {
  it('answers malformed percent-encoding in the path with 400 (it used to crash with a URIError)', async () => {
    expect(await rawHttp(`GET /%E0%A4%A HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`)).toBe(400);
    expect(await rawHttp(`GET /assets/%ZZ.js HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`)).toBe(400);
    expect(await rawHttp(`GET // HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`)).toBe(400);
    await expectAlive();
  });

  it('refuses a malformed path on the upgrade too', async () => {
    const status = await rawHttp(`GET // HTTP/1.1\r\nHost: ${host()}\r\nOrigin: http://${host()}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`);
    expect(status).toBe(403);
    await expectAlive();
  });

  it('answers bad methods, huge headers and a garbage request line, and stays up', async () => {
    for (const method of ['POST', 'DELETE', 'PUT', 'BREW']) expect(await rawHttp(`${method} / HTTP/1.1\r\nHost: ${host()}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)).not.toBe(0);
    expect(await rawHttp(`GET / HTTP/1.1\r\nHost: ${host()}\r\nX-Big: ${'a'.repeat(128 * 1024)}\r\nConnection: close\r\n\r\n`)).toBe(431);
    expect(await rawHttp('\x00\x01\x02 garbage \r\n\r\n')).toBe(400);
    await expectAlive();
  });

  it('shrugs off half-open sockets: a request cut off mid-headers, an upgrade abandoned', async () => {
    await new Promise<void>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.write(`GET / HTTP/1.1\r\nHost: ${host()}\r\nX-Half: `);
        s.resetAndDestroy();
        resolve();
      });
    });
    const upgraded = await rawUpgrade();
    upgraded.write(frameHeader(0x1, 100).subarray(0, 6)); // half a frame header, then gone
    upgraded.resetAndDestroy();
    await expectAlive();
  });
});

describe('serve mode survives garbage on the WebSocket', () => {
  it('closes a frame over the limit with 1009, keeps running, and serves the next client', async () => {
    const socket = await rawUpgrade();
    const closeFrame = new Promise<Buffer>((resolve) => {
      let got = Buffer.alloc(0);
      socket.on('data', (d: Buffer) => {
        got = Buffer.concat([got, d]);
        if (got.length >= 4) resolve(got);
      });
      socket.on('error', () => undefined); // the server may reset after its close frame
    });
    // Announce one byte more than the limit; the server refuses on the header, before the body.
    socket.write(Buffer.concat([frameHeader(0x1, MAX_WS_FRAME_BYTES + 1), Buffer.alloc(1024)]));
    const reply = await closeFrame;
    expect(reply[0]! & 0x0f).toBe(0x8); // a close frame…
    expect(reply.readUInt16BE(2)).toBe(1009); // …"message too big"
    socket.destroy();
    await expectAlive();
    expect(stderr).toMatch(/Max payload size exceeded/);
  });

  it('accepts a frame the size of a real warm-file upload (7 MB crashed it at a 4 MiB limit)', async () => {
    const ws = await openWs();
    const content = `${JSON.stringify({ key: 'k', type: 'string', value: 'x'.repeat(100) })}\n`.repeat(60_000);
    expect(content.length).toBeGreaterThan(7_000_000);
    const reply = await invoke(ws, 'warm.file.preview', { id: 'no-such-connection', source: { content, name: 'big.ndjson' } });
    expect(reply.type).toBe('reply'); // an answer (here: no such connection), not a dead socket
    ws.close();
    await expectAlive();
  });

  it('ignores non-JSON, wrong shapes, binary frames and deep nesting; answers unknown commands with an error', async () => {
    const ws = await openWs();
    ws.send('not json {');
    ws.send(JSON.stringify(null));
    ws.send(JSON.stringify([1, 2, 3]));
    ws.send(JSON.stringify({ type: 'invoke', id: 'x', command: 'app.info' }));
    ws.send(JSON.stringify({ type: 'invoke', id: 1.5, command: 'app.info' }));
    ws.send(JSON.stringify({ type: 'subscribe', streams: 'metrics.sample' }));
    ws.send(JSON.stringify({ type: 'subscribe', streams: [{}, null, 42, '__proto__'] }));
    ws.send(Buffer.from([0xff, 0x00, 0x7b]), { binary: true });
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    ws.send(deep);
    ws.send(`{"type":"invoke","id":7,"command":"profiles.save","args":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`);
    expect(await invoke(ws, 'no.such.command', {})).toMatchObject({ reply: { ok: false, error: { code: 'BAD_REQUEST' } } });
    expect(await invoke(ws, '__proto__', {})).toMatchObject({ reply: { ok: false, error: { code: 'BAD_REQUEST' } } });
    expect(await invoke(ws, 'profiles.save', { name: { deep: [[[[[]]]]] } })).toMatchObject({ reply: { ok: false } });
    // The same socket still works after all that.
    expect(await invoke(ws, 'app.info', {})).toMatchObject({ reply: { ok: true } });
    ws.terminate(); // gone without a close frame
    await expectAlive();
  });
});
