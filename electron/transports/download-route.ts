import type http from 'node:http';
import type { Core } from '../core/core';
import { DOWNLOAD_PATH } from '../core/key-detail/handlers';

const TICKET = /^[0-9a-f]{64}$/;

/** Resolves when the response can take more, or is gone (a closed tab never drains). */
function drained(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Is this request for a value download (a path this route answers)? */
export function isDownloadRequest(pathname: string): boolean {
  return pathname.startsWith(DOWNLOAD_PATH);
}

/**
 * `GET /download/<ticket>`: stream a value the WebSocket (token-guarded) issued a ticket for,
 * chunk by chunk with backpressure, so a 100 MB value is never held whole — neither here nor
 * in the page. The Host was checked by the caller; a cross-site request (Origin or
 * Sec-Fetch-Site say so) is refused even with a valid ticket.
 */
export async function serveDownload(core: Core, hosts: Set<string>, pathname: string, req: http.IncomingMessage, res: http.ServerResponse, headers: Record<string, string>): Promise<void> {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if ((origin !== undefined && !hosts.has(origin.replace(/^http:\/\//, ''))) || (site !== undefined && site !== 'same-origin' && site !== 'none')) {
    res.writeHead(403, headers).end('Forbidden');
    return;
  }
  const ticket = pathname.slice(DOWNLOAD_PATH.length);
  const stream = TICKET.test(ticket) && req.method === 'GET' ? core.openDownload(ticket) : null;
  if (!stream) {
    res.writeHead(404, headers).end('This download link is unknown, used or expired: save again.');
    return;
  }
  let started = false;
  try {
    for await (const { total, chunk } of stream.chunks) {
      if (!started) {
        res.writeHead(200, {
          ...headers,
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(total),
          'Content-Disposition': `attachment; filename="value.bin"; filename*=UTF-8''${encodeURIComponent(stream.filename)}`,
        });
        started = true;
      }
      if (chunk.length > 0 && !res.write(chunk)) await drained(res);
      if (res.destroyed) break;
    }
    res.end();
  } catch (error) {
    // Before the headers: say why. After: cut the response, so the browser marks the download failed.
    if (!started) res.writeHead(409, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end((error as Error).message);
    else res.destroy();
  } finally {
    await stream.chunks.return(undefined);
  }
}
