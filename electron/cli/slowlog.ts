import { formatInteger } from '../../shared/format';
import { intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { openCliCore } from './core-session';
import { EXIT } from './exit-codes';
import { answeredNodes } from './node-panels';

export const usage = `Usage: cachescope slowlog [connection flags] [--count N] [--json]

Prints the server's slow log (SLOWLOG GET), newest first: when each command ran, how long it
took, the command with its arguments shortened (values are shown as their size, never in full)
and the client that sent it (name and address). On a cluster, every node's, each line naming
its node. It reads only: resetting the log is done in the app (confirmed and audited).

  --count N   entries per node, 1 to 1000 (default 128; the server keeps slowlog-max-len)
  --json      one JSON array: [{id, ts (ms epoch), durationUs, args, clientName, clientAddr}]
              (and node, on a cluster)

${CONNECTION_HELP}

Exit codes: 0 printed, 2 bad usage, 3 cannot connect, 4 the ACL user may not run SLOWLOG
(the message names the +slowlog right to ask for), 1 SLOWLOG is renamed away or failed.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  count: { type: 'string' },
  json: { type: 'boolean' },
} as const;

export interface SlowlogLine {
  id: number;
  ts: number;
  durationUs: number;
  args: string[];
  clientName: string | null;
  clientAddr: string | null;
  node?: string;
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  const count = intFlag('count', values.count, 1, 1000) ?? 128;
  const { profile, warnings } = resolveConnectionFlags(values, ctx.env);
  for (const w of warnings) ctx.stderr.write(`${w}\n`);
  const core = await openCliCore(profile, ctx);
  try {
    const view = await core.call('diagnostics.slowlog', { id: core.id, count });
    const nodes = answeredNodes(view.nodes, ctx);
    const several = view.nodes.length > 1;
    const lines: SlowlogLine[] = nodes
      .flatMap((n) =>
        n.data.entries.map((e) => ({
          id: e.id,
          ts: e.ts,
          durationUs: e.durationUs,
          args: e.args,
          clientName: e.clientName,
          clientAddr: e.clientAddr,
          ...(several ? { node: n.address } : {}),
        })),
      )
      .sort((a, b) => b.ts - a.ts || b.id - a.id);
    if (values.json) {
      ctx.stdout.write(`${JSON.stringify(lines)}\n`);
      return EXIT.OK;
    }
    if (lines.length === 0) {
      const threshold = nodes[0]?.data.slowerThanUs;
      ctx.stdout.write(`The slow log is empty${threshold !== null && threshold !== undefined ? ` (it logs commands slower than ${formatInteger(threshold)} µs)` : ''}.\n`);
      return EXIT.OK;
    }
    for (const l of lines) {
      const when = new Date(l.ts).toISOString().replace('T', ' ').slice(0, 19);
      const who = [l.clientName ?? 'unnamed', l.clientAddr ?? '?'].join(' ');
      ctx.stdout.write(`${when}  ${`${formatInteger(l.durationUs)} µs`.padStart(12)}  ${l.node ? `${l.node}  ` : ''}${who}  ${l.args.join(' ')}\n`);
    }
    return EXIT.OK;
  } finally {
    await core.close();
  }
}
