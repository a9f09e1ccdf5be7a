import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { STREAM_NAMES, fail, type StreamName } from '../../shared/contract';
import type { ClientFrame, ServerFrame } from '../../shared/contract/api';
import { MAX_WS_FRAME_BYTES } from '../../shared/contract/limits';
import type { Core } from '../core/core';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { isDownloadRequest, serveDownload } from './download-route';

export interface WsServerOptions {
  core: Core;
  host: string;
  port: number;
  staticDir: string;
  /** 64 hex chars; generated when omitted. */
  token?: string;
  /** Where errors of one request or socket are reported; the server itself keeps going. */
  log?: (message: string) => void;
}

export interface WsServerHandle {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export function tokensEqual(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  // Compare equal-length buffers only; the length itself is not secret (always 64).
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The Host values a browser sends for this server: loopback names, plus the bound address. */
export function allowedHosts(bindHost: string, port: number): Set<string> {
  const hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  if (bindHost !== '0.0.0.0' && bindHost !== '::') hosts.add(bindHost.includes(':') ? `[${bindHost}]:${port}` : `${bindHost}:${port}`);
  return hosts;
}

/** Is this upgrade allowed? Token (constant time), exact Origin and Host (DNS rebinding). */
export function checkUpgrade(
  req: Pick<http.IncomingMessage, 'url' | 'headers'>,
  token: string,
  hosts: Set<string>,
): { ok: true } | { ok: false; reason: string } {
  const url = parseRequestUrl(req.url);
  if (!url) return { ok: false, reason: 'malformed path' };
  if (url.pathname !== '/ws') return { ok: false, reason: 'unknown path' };
  const host = req.headers.host ?? '';
  if (!hosts.has(host)) return { ok: false, reason: 'bad host' };
  const origin = req.headers.origin;
  if (!origin || !hosts.has(origin.replace(/^http:\/\//, '')) || !origin.startsWith('http://')) return { ok: false, reason: 'bad origin' };
  if (!tokensEqual(token, url.searchParams.get('token'))) return { ok: false, reason: 'bad token' };
  return { ok: true };
}

/** The request target as a URL, or null when it is not one (`//`, a bare `http://`). */
function parseRequestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://placeholder');
  } catch {
    return null;
  }
}

/** The decoded path, or null for malformed percent-encoding (`/%E0%A4%A`), which decodeURIComponent throws on. */
export function decodedPath(target: string | undefined): string | null {
  const url = parseRequestUrl(target);
  if (!url) return null;
  try {
    return decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
}

async function serveStatic(staticDir: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let rel = decodedPath(req.url);
  if (rel === null) {
    res.writeHead(400, SECURITY_HEADERS).end('Bad request: malformed path');
    return;
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const root = path.resolve(staticDir);
  const file = path.resolve(root, '.' + rel);
  if (!file.startsWith(root + path.sep)) {
    res.writeHead(404, SECURITY_HEADERS).end('Not found');
    return;
  }
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new Error('not a file');
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': stat.size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  } catch {
    if (rel === '/index.html') {
      res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('The renderer is not built: run `npm run build`.\n');
    } else {
      res.writeHead(404, SECURITY_HEADERS).end('Not found');
    }
  }
}

function send(ws: WebSocket, frame: ServerFrame): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}

async function handleFrame(ws: WebSocket, core: Core, unsubscribers: Map<StreamName, () => void>, raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): Promise<void> {
  let frame: ClientFrame;
  try {
    if (isBinary) throw new Error('binary frame');
    frame = JSON.parse(raw.toString()) as ClientFrame;
  } catch {
    return; // not ours; nothing to reply to
  }
  if (frame?.type === 'invoke' && Number.isSafeInteger(frame.id)) {
    const reply = typeof frame.command === 'string' ? await core.invoke(frame.command, frame.args) : fail('BAD_REQUEST', 'command must be a string');
    send(ws, { type: 'reply', id: frame.id, reply });
  } else if (frame?.type === 'subscribe' && Array.isArray(frame.streams)) {
    for (const name of frame.streams) {
      const stream = STREAM_NAMES.find((s) => s === name);
      if (!stream || unsubscribers.has(stream)) continue;
      unsubscribers.set(
        stream,
        core.on(stream, (data: unknown) => send(ws, { type: 'stream', stream, data })),
      );
    }
  }
}

function attachClient(ws: WebSocket, core: Core, log: (message: string) => void): void {
  const unsubscribers = new Map<StreamName, () => void>();
  // A frame over maxPayload (or a protocol violation) is emitted here; ws then closes with 1009/1002.
  // Without a listener the 'error' event would end the process.
  ws.on('error', (e) => log(`WebSocket client: ${e.message}`));
  ws.on('message', (raw, isBinary) => {
    handleFrame(ws, core, unsubscribers, raw, isBinary).catch((e: unknown) => log(`WebSocket frame: ${e instanceof Error ? e.message : String(e)}`));
  });
  ws.on('close', () => {
    for (const off of unsubscribers.values()) off();
    unsubscribers.clear();
  });
}

/** Serve mode: the built renderer over HTTP and the contract over a token-guarded WebSocket. */
export async function startWsServer(options: WsServerOptions): Promise<WsServerHandle> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const log = options.log ?? ((message: string) => process.stderr.write(`cachescope serve: ${message}\n`));
  const server = http.createServer((req, res) => {
    if (!hosts.has(req.headers.host ?? '')) {
      res.writeHead(421, SECURITY_HEADERS).end('Misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS).end('Method not allowed');
      return;
    }
    const failed = (e: unknown) => {
      log(`HTTP ${req.method} failed: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.writeHead(500, SECURITY_HEADERS);
      res.end();
    };
    // Split, not parsed: nothing here can throw on a malformed URL.
    const pathname = (req.url ?? '/').split('?')[0]!;
    if (isDownloadRequest(pathname)) serveDownload(options.core, hosts, pathname, req, res, SECURITY_HEADERS).catch(failed);
    else serveStatic(options.staticDir, req, res).catch(failed);
  });
  // Garbage before a request is parsed (huge headers, a bad method line): answer 400/431 and drop it.
  server.on('clientError', (e: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || e.code === 'ECONNRESET') return socket.destroy();
    const status = e.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    // Lingering close, as nginx does: closing with the client's bytes still unread makes the kernel
    // send RST, which can discard our reply before the client reads it. Drop what still comes, for 2 s.
    socket.on('data', () => undefined);
    socket.resume();
    setTimeout(() => socket.destroy(), 2000).unref();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_FRAME_BYTES });
  wss.on('error', (e) => log(`WebSocket server: ${e.message}`));
  let hosts = new Set<string>();
  server.on('upgrade', (req, socket, head) => {
    // A socket reset mid-handshake emits 'error' here, before ws takes it over.
    socket.on('error', (e) => log(`upgrade socket: ${e.message}`));
    const verdict = checkUpgrade(req, token, hosts);
    if (!verdict.ok) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachClient(ws, options.core, log));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  // Listening: a later server error is logged, not thrown.
  server.removeAllListeners('error');
  server.on('error', (e) => log(`HTTP server: ${e.message}`));
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(options.host, port);
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    url: `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/#token=${token}`,
    port,
    token,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
