import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main';

/** Issue 15: the commands the CLI suggests are typed as the user ran it (npx, or a linked `cachescope`). */
async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const sink = (k: 'stdout' | 'stderr') =>
    new Writable({
      write(chunk: Buffer, _e, done) {
        out[k] += chunk.toString('utf8');
        done();
      },
    });
  const code = await main(argv, { env, stdout: sink('stdout'), stderr: sink('stderr') });
  return { code, ...out };
}

describe('the words the CLI suggests', () => {
  it('under npx (npm_command=exec) it says npx cachescope', async () => {
    const npx = { npm_command: 'exec', npm_lifecycle_script: "'cachescope' '--help'" };
    expect((await run(['--help'], npx)).stdout).toContain('Run "npx cachescope <command> --help"');
    const unknown = await run(['nope'], npx);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Run "npx cachescope --help" for the list.');
    const usage = await run(['invalidate'], npx);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Run "npx cachescope invalidate --help" for usage.');
  });

  it('run as a linked or installed command it says cachescope', async () => {
    expect((await run(['--help'], {})).stdout).toContain('Run "cachescope <command> --help"');
    expect((await run(['nope'], {})).stderr).toContain('Run "cachescope --help" for the list.');
    // npx running something else (`npx vitest`) leaks npm_command into the children it spawns.
    expect((await run(['--help'], { npm_command: 'exec', npm_lifecycle_script: "'vitest' 'run'" })).stdout).toContain('Run "cachescope <command> --help"');
  });
});
