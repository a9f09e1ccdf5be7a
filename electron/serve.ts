import path from 'node:path';
import { createCore } from './core/core';
import { KeyFileSecretBox } from './core/connections/secret-box';
import { defaultDataDir } from './core/data-dir';
import { appVersion } from './core/version';
import { startDemo } from './workload/demo';
import { startWsServer, type WsServerHandle } from './transports/ws-server';

export interface ServeOptions {
  host?: string;
  port?: number;
  dataDir?: string;
  staticDir?: string;
  /** Don't print the URL line (tests that read the handle instead). */
  quiet?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** The serve-mode composition root: core + key-file secrets + HTTP/WebSocket transport. */
export async function runServe(options: ServeOptions = {}): Promise<WsServerHandle> {
  const dataDir = options.dataDir ?? defaultDataDir(options.env);
  const core = createCore({
    dataDir,
    secrets: new KeyFileSecretBox(dataDir),
    mode: 'serve',
    version: appVersion(),
    env: options.env ?? process.env,
    startDemo,
  });
  const host = options.host ?? '127.0.0.1';
  const server = await startWsServer({
    core,
    host,
    port: options.port ?? 0,
    staticDir: options.staticDir ?? path.resolve(__dirname, '..', 'renderer'),
  });
  if (!options.quiet) {
    if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1')
      process.stderr.write(`Warning: serving on ${host} — anyone who can reach this address and has the token can drive your Redis connections.\n`);
    process.stdout.write(`Cachescope is serving at ${server.url}\n`);
  }
  return {
    ...server,
    async close() {
      await server.close();
      await core.close();
    },
  };
}
