import { performance as perfHooks } from 'node:perf_hooks';
import { CoreError } from '../core/errors';
import { appVersion } from '../core/version';
import type { CliContext } from './command';
import { COMMANDS } from './commands';
import { CliError, EXIT, exitCodeForCoreCode, UsageError } from './exit-codes';
import { selfCommand } from './invocation';
import { permissionError } from './permission-error';
import { trace } from './trace';

function overview(self: string): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: cachescope <command> [flags]

A dashboard for Redis caches, and its command line.

Commands:
${lines.join('\n')}

Run "${self} <command> --help" for a command's flags.
  --help       show this help
  --version    print the version`;
}

/** `--help` anywhere before a `--` asks for help, whatever else is on the line. */
function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--help');
}

/** Run one command line; resolves to the exit code. Never throws: every failure becomes one line on stderr. */
export async function main(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic === undefined) {
      ctx.stdout.write(`${overview(selfCommand(ctx.env))}\n`);
      return EXIT.OK;
    }
    return main([topic, '--help'], ctx);
  }
  if (name === '--version') {
    ctx.stdout.write(`${appVersion()}\n`);
    return EXIT.OK;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    ctx.stderr.write(`cachescope: unknown command "${name}". Run "${selfCommand(ctx.env)} --help" for the list.\n`);
    return EXIT.USAGE;
  }
  try {
    const command = await entry.load();
    trace('command loaded');
    if (wantsHelp(rest)) {
      ctx.stdout.write(`${command.usage}\n`);
      return EXIT.OK;
    }
    return await command.run(rest, ctx);
  } catch (e) {
    return report(e, name, ctx);
  }
}

function report(e: unknown, name: string, ctx: CliContext): number {
  if (e instanceof UsageError) {
    ctx.stderr.write(`cachescope ${name}: ${e.message}. Run "${selfCommand(ctx.env)} ${name} --help" for usage.\n`);
    return e.exitCode;
  }
  if (e instanceof CliError || e instanceof CoreError) {
    ctx.stderr.write(`cachescope ${name}: ${oneLine(e.message)}\n`);
    return e instanceof CliError ? e.exitCode : exitCodeForCoreCode(e.code);
  }
  // The server refused a command to this ACL user: not a bug, exit 4 with what to ask for.
  const denied = permissionError(e, 'the server');
  if (denied) {
    ctx.stderr.write(`cachescope ${name}: ${denied.message}\n`);
    return denied.exitCode;
  }
  // A bug, not a user error: still one line unless asked for the stack.
  const detail = ctx.env.CACHESCOPE_DEBUG && e instanceof Error ? e.stack : e instanceof Error ? e.message : String(e);
  ctx.stderr.write(`cachescope ${name}: unexpected error: ${detail}\n`);
  return EXIT.FAILURE;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** The process entry point used by bin/cachescope.js. */
export function cli(): void {
  trace('node bootstrapped', perfHooks.nodeTiming.bootstrapComplete);
  trace('cli loaded');
  // `cachescope stats | head -3` closes our stdout: that is a normal way to stop, not a crash.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT.OK);
    throw e;
  });
  const ctx: CliContext = { env: process.env, stdout: process.stdout, stderr: process.stderr };
  void main(process.argv.slice(2), ctx).then((code) => {
    // Exit explicitly once our output is flushed: a closed ioredis client can keep a 2 s
    // disconnect timer alive, and a command that is done should not linger.
    process.stdout.write('', () =>
      process.stderr.write('', () => {
        trace('exit');
        process.exit(code);
      }),
    );
  });
}
