import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppPath } from '../../electron/desktop/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../electron/security/csp';

let base: string;
let root: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'cachescope-app-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Cachescope</title>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(base, 'secret.key'), 'outside the renderer folder');
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('resolveAppPath', () => {
  it('maps app://cachescope paths into the renderer folder', () => {
    expect(resolveAppPath('app://cachescope/', root)).toEqual({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppPath('app://cachescope/assets/app.js?v=1#x', root)).toEqual({ ok: true, file: path.join(root, 'assets', 'app.js') });
  });

  it.each([
    'app://cachescope/..%2fsecret.key',
    'app://cachescope/assets/..%2f..%2fsecret.key',
    'app://cachescope/%2e%2e%2fsecret.key',
    'app://cachescope/..%5csecret.key',
    'app://cachescope/index.html%00.js',
    'app://cachescope/C:%2fWindows%2fwin.ini',
    'app://cachescope/%E0%A4%A',
    'app://other/index.html',
    'app://evil@cachescope/index.html',
    'file:///etc/passwd',
  ])('refuses %s', (url) => {
    const r = resolveAppPath(url, root);
    expect(r.ok).toBe(false);
  });

  it('keeps dot segments inside the root (the URL parser already folds them)', () => {
    const r = resolveAppPath('app://cachescope/../../secret.key', root);
    expect(r).toEqual({ ok: true, file: path.join(root, 'secret.key') }); // …which does not exist: 404
  });
});

describe('createAppProtocolHandler', () => {
  const handler = () => createAppProtocolHandler(root);

  it('serves index.html with the CSP and a content type', async () => {
    const res = await handler()(new Request('http://x/')); // wrong scheme
    expect(res.status).toBe(404);
    const ok = await handler()({ url: 'app://cachescope/index.html', method: 'GET' } as Request);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await ok.text()).toContain('<title>Cachescope</title>');
  });

  it('serves scripts as JavaScript', async () => {
    const res = await handler()({ url: 'app://cachescope/assets/app.js', method: 'GET' } as Request);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const url of ['app://cachescope/..%2fsecret.key', 'app://cachescope/../secret.key']) {
      const res = await handler()({ url, method: 'GET' } as Request);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain('outside');
    }
  });

  it('answers 404 for a missing file or a directory, 405 for writes', async () => {
    expect((await handler()({ url: 'app://cachescope/nope.js', method: 'GET' } as Request)).status).toBe(404);
    expect((await handler()({ url: 'app://cachescope/assets', method: 'GET' } as Request)).status).toBe(404);
    expect((await handler()({ url: 'app://cachescope/index.html', method: 'POST' } as Request)).status).toBe(405);
  });
});
