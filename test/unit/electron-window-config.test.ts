import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  MIN_HEIGHT,
  MIN_WIDTH,
  isAllowedExternalUrl,
  isTrustedSender,
  preloadPathFrom,
  rendererDirFrom,
  webPreferences,
  windowOptions,
} from '../../electron/desktop/window-config';

describe('window options', () => {
  const options = windowOptions('/app/out/preload/preload.js');

  it('locks the renderer down', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
    expect(webPreferences('x')).toEqual({ ...options.webPreferences, preload: 'x' });
  });

  it('has a usable minimum size and starts hidden until painted', () => {
    expect([options.minWidth, options.minHeight]).toEqual([1024, 700]);
    expect([MIN_WIDTH, MIN_HEIGHT]).toEqual([1024, 700]);
    expect(options.width! >= options.minWidth!).toBe(true);
    expect(options.height! >= options.minHeight!).toBe(true);
    expect(options.show).toBe(false);
    expect(options.title).toBe('Cachescope');
  });

  it('finds the bundled preload and the renderer next to out/electron', () => {
    const mainDir = path.join('/app', 'out', 'electron');
    expect(preloadPathFrom(mainDir)).toBe(path.join('/app', 'out', 'preload', 'preload.js'));
    expect(rendererDirFrom(mainDir)).toBe(path.join('/app', 'out', 'renderer'));
  });
});

describe('isTrustedSender', () => {
  it.each([APP_ENTRY_URL, 'app://cachescope/', 'app://cachescope/index.html#/keys?db=0'])(
    'trusts %s',
    (url) => expect(isTrustedSender(url)).toBe(true),
  );

  it.each([
    'app://cachescope.evil/index.html',
    'app://evil.cachescope/index.html',
    'app://evil@cachescope/index.html',
    'app://cachescope:evil@x/index.html',
    'app://cachescope@evil/index.html',
    'app://cachescope:8080/index.html',
    'app://cachescopex/',
    'http://cachescope/index.html',
    'https://cachescope/index.html',
    'file:///app/out/renderer/index.html',
    'http://127.0.0.1:5173/',
    'javascript:alert(1)',
    'about:blank',
    'data:text/html,<script>1</script>',
    'devtools://devtools/bundled/index.html',
    '',
    'not a url',
    null,
    undefined,
  ])('refuses %s', (url) => expect(isTrustedSender(url)).toBe(false));
});

describe('isAllowedExternalUrl', () => {
  it.each(['https://github.com/cachescope/cachescope', 'https://redis.io/docs/latest/commands/scan/', 'HTTPS://GITHUB.COM/x'])(
    'allows %s',
    (url) => expect(isAllowedExternalUrl(url)).toBe(true),
  );

  it.each([
    'http://github.com/',
    'https://evil.com@github.com/',
    'https://github.com@evil.com/',
    'https://user:pass@redis.io/',
    'https://github.com.evil.com/',
    'https://evilgithub.com/',
    'https://gist.github.com/',
    'https://github.com:8443/',
    'javascript:alert(1)',
    'javascript://github.com/%0aalert(1)',
    'file:///etc/passwd',
    'data:text/html,hi',
    'app://cachescope/index.html',
    'smb://github.com/share',
    '//github.com/',
    'github.com',
    '',
    null,
    undefined,
  ])('refuses %s', (url) => expect(isAllowedExternalUrl(url)).toBe(false));
});
