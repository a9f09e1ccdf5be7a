import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBuilt } from '../helpers/build-node';
import { runCli, startCli } from '../helpers/run-cli';

// A private data folder: serve mode keeps its key file there, never in the real user's profile.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-cli-serve-'));
const env = { CACHESCOPE_DATA_DIR: dataDir };

beforeAll(() => ensureNodeBuilt(), 60_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('cachescope serve', () => {
  it('prints the address with its token, answers on it, and exits 0 on SIGINT', async () => {
    const cli = startCli(['serve', '--port', '0'], { env });
    const line = await cli.line(1);
    const m = /^Cachescope is serving at (http:\/\/127\.0\.0\.1:(\d+)\/)#token=([0-9a-f]{64})$/.exec(line);
    expect(m, line).not.toBeNull();
    const res = await fetch(m![1]!);
    expect(res.status).toBeLessThan(500);
    cli.child.kill('SIGINT');
    const result = await cli.done;
    expect(result.code).toBe(0);
  });

  it('exits 2 on a bad port and 1 on a port in use', async () => {
    expect((await runCli(['serve', '--port', '70000'], { env })).code).toBe(2);
    const first = startCli(['serve', '--port', '0'], { env });
    const port = /127\.0\.0\.1:(\d+)/.exec(await first.line(1))![1]!;
    const second = await runCli(['serve', '--port', port], { env });
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
    first.child.kill('SIGTERM');
    expect((await first.done).code).toBe(0);
  });
});
