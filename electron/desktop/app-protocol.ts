import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { APP_HOST, APP_SCHEME } from './window-config';

/**
 * Serves the built renderer for `app://cachescope/…`. Pure of Electron (it speaks the Fetch
 * API's Request/Response, which `protocol.handle` uses), so tests run it in plain Node.
 */

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type AppPathResult = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

/** Maps an app:// URL to a file inside `root`, refusing anything that could escape it. */
export function resolveAppPath(url: string, root: string): AppPathResult {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.hostname !== APP_HOST || u.port || u.username || u.password) {
    return { ok: false, status: 404 };
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  // NUL truncates paths in some APIs; '\' and ':' are separators/drive markers on Windows.
  if (/[\0\\:]/.test(pathname)) return { ok: false, status: 400 };
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';
  const base = path.resolve(root);
  const file = path.resolve(base, `.${pathname}`);
  const rel = path.relative(base, file);
  if (rel === '' || rel.split(path.sep)[0] === '..' || path.isAbsolute(rel)) return { ok: false, status: 403 };
  return { ok: true, file };
}

function securityHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
}

export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: securityHeaders('text/plain; charset=utf-8') });
    }
    const resolved = resolveAppPath(request.url, root);
    if (!resolved.ok) return new Response(null, { status: resolved.status, headers: securityHeaders('text/plain; charset=utf-8') });
    try {
      const body = await fs.readFile(resolved.file);
      return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
        status: 200,
        headers: securityHeaders(contentTypeFor(resolved.file)),
      });
    } catch {
      // Missing file or a directory: the same answer, nothing about the file system leaks.
      return new Response(null, { status: 404, headers: securityHeaders('text/plain; charset=utf-8') });
    }
  };
}
