import { formatBytes, formatDuration, formatInteger } from '../../shared/format';
import { parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { openCliCore } from './core-session';
import { EXIT } from './exit-codes';
import { answeredNodes } from './node-panels';

export const usage = `Usage: cachescope clients [connection flags] [--json]

Prints the server's clients (CLIENT LIST) grouped by name and host: connections, idle time,
output buffers, last commands and dbs, flagging unnamed clients, clients idle for hours, big
output buffers and MONITOR; Cachescope's own connections are marked "own". On a cluster, every
node's. It reads only: killing a client is done in the app (confirmed and audited).

  --json   one JSON array, a row per connection: [{name, addr, idleSec, db, cmd,
           outputBufferBytes, own}] (and node, on a cluster); name is null when unnamed

${CONNECTION_HELP}

Exit codes: 0 printed, 2 bad usage, 3 cannot connect, 4 the ACL user may not run CLIENT LIST
(the message names the right to ask for), 1 CLIENT is renamed away or failed.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  json: { type: 'boolean' },
} as const;

export interface ClientLine {
  name: string | null;
  addr: string;
  idleSec: number;
  db: number;
  cmd: string;
  outputBufferBytes: number;
  own: boolean;
  node?: string;
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  const { profile, warnings } = resolveConnectionFlags(values, ctx.env);
  for (const w of warnings) ctx.stderr.write(`${w}\n`);
  const core = await openCliCore(profile, ctx);
  try {
    const view = await core.call('diagnostics.clients', { id: core.id });
    const nodes = answeredNodes(view.nodes, ctx);
    const several = view.nodes.length > 1;
    if (values.json) {
      const lines: ClientLine[] = nodes.flatMap((n) =>
        n.data.clients.map((c) => ({
          name: c.name,
          addr: c.addr,
          idleSec: c.idleSec,
          db: c.db,
          cmd: c.cmd,
          outputBufferBytes: c.outputBufferBytes,
          own: c.own,
          ...(several ? { node: n.address } : {}),
        })),
      );
      ctx.stdout.write(`${JSON.stringify(lines)}\n`);
      return EXIT.OK;
    }
    for (const n of nodes) {
      if (several) ctx.stdout.write(`${n.role} ${n.address}\n`);
      for (const g of n.data.groups) {
        const idle = g.minIdleSec === g.maxIdleSec ? formatDuration(g.minIdleSec) : `${formatDuration(g.minIdleSec)}–${formatDuration(g.maxIdleSec)}`;
        const figures = [`${formatInteger(g.connections)} conn`, `idle ${idle}`, `out ${formatBytes(g.outputBufferBytes)}`, `db ${g.dbs.join(',')}`, `cmd ${g.cmds.join(',')}`];
        ctx.stdout.write(`${several ? '  ' : ''}${(g.name ?? '(unnamed)').padEnd(24)} ${g.host.padEnd(16)} ${figures.join('  ')}${g.own ? '  (own)' : ''}\n`);
        for (const f of g.flags) ctx.stdout.write(`${several ? '  ' : ''}  ! ${f}\n`);
      }
    }
    return EXIT.OK;
  } finally {
    await core.close();
  }
}
