import { installProcessGuards } from '../process-guards';
import { runServe } from '../serve';
import { intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CliError, EXIT, UsageError } from './exit-codes';
import { onStopSignal } from './stop-signal';

export const usage = `Usage: cachescope serve [--host HOST] [--port PORT]

Serves the dashboard over HTTP and WebSocket for a browser on this machine, and prints the
address to open (it carries a one-time token). Runs until Ctrl-C.

  --host HOST   address to bind (default 127.0.0.1; anything else is reachable by others)
  --port PORT   port to listen on (default 7379; 0 picks a free port)`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
} as const;

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host must not be empty');
  const port = intFlag('port', values.port, 0, 65535) ?? 7379;

  // Listen for Ctrl-C before starting, so a stop during startup still closes the server.
  const stop = onStopSignal();
  // A page on any site can send this server garbage: whatever slips past the handlers is logged, not fatal.
  const unguard = installProcessGuards((line) => ctx.stderr.write(`cachescope serve: ${line}\n`));
  try {
    let server;
    try {
      server = await runServe({ host, port, env: ctx.env });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code === 'EADDRINUSE') throw new CliError(EXIT.FAILURE, `Port ${port} on ${host} is already in use: pick another with --port (0 = any free port).`);
      if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') throw new CliError(EXIT.FAILURE, `Cannot listen on ${host}: no such address on this machine.`);
      throw e;
    }
    if (!stop.signal.aborted) await new Promise((resolve) => stop.signal.addEventListener('abort', resolve, { once: true }));
    await server.close();
    return EXIT.OK;
  } finally {
    unguard();
    stop.dispose();
  }
}
