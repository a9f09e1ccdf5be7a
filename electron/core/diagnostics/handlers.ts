import type { diagnosticsCommands } from '../../../shared/contract';
import { AuditLog, auditFile } from '../audit/audit-log';
import { Auditor } from '../audit/auditor';
import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import { readClients } from './clients';
import { commandMix, readMixSnapshot, type MixSnapshot } from './commandstats';
import { readLatency } from './latency';
import { LatencyBorrows } from './latency-borrow';
import { diagnosticNodes, perNode } from './node-panels';
import { SeenMarks } from './seen-marks';
import { readSlowlog } from './slowlog';
import { runWrite, writeConfirm } from './writes';

/** The diagnostics view: slow log, latency monitor, command mix, clients — each panel per node, each degrading alone. */
export function diagnosticsHandlers(ctx: CoreContext): HandlersFor<keyof typeof diagnosticsCommands> {
  // The same audit file as the actions' (appends take turns per file within the process).
  const auditor = new Auditor(new AuditLog(auditFile(ctx.options.dataDir)), ctx.options.mode, ctx.bus);
  const seen = new SeenMarks(ctx.options.dataDir);
  /** Per connection and node: the previous commandstats read, for deltas. */
  const mixes = new Map<string, MixSnapshot>();
  const latency = new LatencyBorrows(ctx.options.dataDir, auditor);
  // A threshold borrowed by a run that crashed is put back when its connection next opens.
  ctx.onOpen((connection) => latency.restoreLeftovers(connection));
  // App quit: every borrowed threshold is put back before the connections close.
  ctx.onClose(() => latency.restoreAll(ctx.open.values()));

  return {
    'diagnostics.slowlog': async ({ id, count }) => {
      const connection = ctx.connection(id);
      const marks = await seen.of(id);
      const nodes = await perNode(connection, 'SLOWLOG GET', 'the slow log', (node) => readSlowlog(node.client, count, marks[node.address] ?? null));
      return { nodes, confirm: writeConfirm(connection), readOnly: connection.profile.readOnly };
    },
    'diagnostics.slowlog.seen': async ({ id, upTo }) => {
      ctx.connection(id);
      await seen.mark(id, upTo);
      return { ok: true };
    },
    'diagnostics.slowlog.reset': async ({ id, node, confirmation }) => {
      const connection = ctx.connection(id);
      return runWrite(auditor, connection, confirmation, {
        action: 'slowlog-reset',
        target: node ?? `every node of ${connection.where}`,
        run: async () => {
          const nodes = (await diagnosticNodes(connection)).filter((n) => node === undefined || n.address === node);
          if (nodes.length === 0) throw new CoreError('NOT_FOUND', `No node ${node} in ${connection.where}.`);
          let entries = 0;
          for (const n of nodes) {
            entries += Number(await n.client.call('SLOWLOG', 'LEN'));
            await n.client.call('SLOWLOG', 'RESET');
          }
          // The ids go on from where they were: marks stay valid, and later entries are new.
          return { result: { nodes: nodes.length }, resultCount: entries, message: `SLOWLOG RESET on ${nodes.length} node${nodes.length > 1 ? 's' : ''}: ${entries} entries cleared` };
        },
      });
    },
    'diagnostics.latency': async ({ id }) => {
      const connection = ctx.connection(id);
      const nodes = await perNode(connection, 'LATENCY LATEST', 'the latency monitor', (node) => readLatency(node.client));
      return { nodes, confirm: writeConfirm(connection), readOnly: connection.profile.readOnly };
    },
    'diagnostics.latency.threshold': async ({ id, thresholdMs, confirmation }) => {
      const connection = ctx.connection(id);
      return runWrite(auditor, connection, confirmation, {
        action: 'latency-threshold',
        target: `latency-monitor-threshold ${thresholdMs} on ${connection.where}`,
        run: async () => {
          const nodes = await diagnosticNodes(connection);
          const previous = await latency.set(connection, nodes, thresholdMs);
          const was = [...new Set(previous.map((p) => (p === null ? 'unknown' : String(p))))].join('/');
          const borrowed = latency.holds(id) ? '; put back when the connection closes' : '';
          return {
            result: { nodes: nodes.length, previous },
            resultCount: nodes.length,
            message: `CONFIG SET latency-monitor-threshold ${thresholdMs} on ${nodes.length} node${nodes.length > 1 ? 's' : ''} (was ${was})${borrowed}`,
          };
        },
      });
    },
    'diagnostics.commands': async ({ id }) => {
      const connection = ctx.connection(id);
      const nodes = await perNode(connection, 'INFO commandstats', 'the command mix', async (node) => {
        const key = `${id}\u0000${node.address}`;
        const now = await readMixSnapshot(node.client, () => performance.now());
        const mix = commandMix(now, mixes.get(key) ?? null);
        mixes.set(key, now);
        return mix;
      });
      return { nodes };
    },
    'diagnostics.clients': async ({ id }) => {
      const connection = ctx.connection(id);
      const nodes = await perNode(connection, 'CLIENT LIST', 'the clients', (node) => readClients(node.client));
      return { nodes, confirm: writeConfirm(connection), readOnly: connection.profile.readOnly };
    },
    'diagnostics.clients.kill': async ({ id, node, clientIds, confirmation }) => {
      const connection = ctx.connection(id);
      return runWrite(auditor, connection, confirmation, {
        action: 'client-kill',
        target: `client${clientIds.length > 1 ? 's' : ''} ${clientIds.join(', ')} on ${node}`,
        run: async () => {
          const target = (await diagnosticNodes(connection)).find((n) => n.address === node);
          if (!target) throw new CoreError('NOT_FOUND', `No node ${node} in ${connection.where}.`);
          const { clients } = await readClients(target.client);
          const byId = new Map(clients.map((c) => [c.id, c]));
          const own = clientIds.filter((c) => byId.get(c)?.own);
          // Killing its own connection would only make Cachescope reconnect, and hide what it does.
          if (own.length) throw new CoreError('BAD_REQUEST', `Client ${own.join(', ')} is one of Cachescope's own connections: not killed.`);
          let killed = 0;
          for (const clientId of clientIds) killed += Number(await target.client.call('CLIENT', 'KILL', 'ID', String(clientId)));
          const who = clientIds.map((c) => {
            const x = byId.get(c);
            return x ? `${c} (${x.name ?? 'unnamed'} ${x.addr})` : `${c} (gone)`;
          });
          return { result: { killed }, resultCount: killed, message: `CLIENT KILL ID: ${killed} of ${clientIds.length} killed: ${who.join(', ')}` };
        },
      });
    },
  };
}
