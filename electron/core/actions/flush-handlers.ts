import { randomUUID } from 'node:crypto';
import type { FlushPreview } from '../../../shared/contract';
import type { HandlersFor } from '../context';
import { checkConfirmation, confirmFor } from './confirm';
import type { ActionDeps } from './deps';
import type { Connection } from '../connections/connection';
import type { PrimaryNode } from './env';
import { byScanOffer, flushCommandStateOf, flushSummary, keysToFlush, runFlush } from './flush';
import { PreviewStore } from './previews';

type Names = 'flush.preview' | 'flush.execute';

/** How long a flush waits for a cluster to have a primary for every slot (it must empty them all). */
const FLUSH_WAIT_MS = 5000;

/** The primaries to flush: every one serving slots on a cluster (refused, in words, while some slot has none); the server otherwise. */
async function primariesOf(conn: Connection): Promise<PrimaryNode[]> {
  const serving = await conn.target.servingPrimaries({ timeoutMs: FLUSH_WAIT_MS });
  return serving ?? (await conn.target.nodes('primary'));
}

export function flushHandlers(deps: ActionDeps): HandlersFor<Names> {
  const { ctx, auditor } = deps;
  const previews = new PreviewStore<FlushPreview>();
  const describe = (all: boolean, db: number) => (all ? 'every db (FLUSHALL)' : `db ${db} (FLUSHDB)`);

  return {
    'flush.preview': async ({ id, all }) => {
      const conn = ctx.connection(id);
      const { profile } = conn;
      await auditor.guardWritable(profile, all ? 'flushall' : 'flushdb', describe(all, profile.db));
      const nodes = await primariesOf(conn);
      const clients = nodes.map((n) => n.client);
      const command = all ? 'FLUSHALL' : 'FLUSHDB';
      const state = await flushCommandStateOf(clients, all);
      const keys = await keysToFlush(clients, all);
      const preview: FlushPreview = {
        previewId: randomUUID(),
        all,
        db: profile.db,
        keys,
        nodes: nodes.length,
        summary: flushSummary(all, nodes.length, keys),
        command: state,
        ...(state === 'renamed'
          ? { note: `${command} is disabled on this server (renamed away with rename-command, as production servers often are). ${byScanOffer(command)}` }
          : { note: `${command} cannot be undone. To keep an undo file, delete every key by scan instead.` }),
        confirm: confirmFor(profile, all ? 'strong' : 'normal'),
        expiresAt: 0,
      };
      preview.expiresAt = previews.put(preview.previewId, id, preview);
      return preview;
    },
    'flush.execute': async ({ id, previewId, confirmation }) => {
      const conn = ctx.connection(id);
      const { profile } = conn;
      await auditor.guardWritable(profile, 'flush', `preview ${previewId}`);
      const preview = previews.get(id, previewId);
      const action = preview.all ? 'flushall' : 'flushdb';
      const target = describe(preview.all, profile.db);
      try {
        checkConfirmation(preview.confirm, confirmation);
      } catch (e) {
        await auditor.record(profile, { action, target, previewCount: preview.keys, outcome: 'refused', message: (e as Error).message });
        throw e;
      }
      previews.take(id, previewId);
      const started = performance.now();
      try {
        const nodes = await primariesOf(conn);
        const command = await runFlush(nodes, preview.all);
        const durationMs = Math.round(performance.now() - started);
        const on = nodes.length > 1 ? ` on ${nodes.length} primaries` : '';
        await auditor.record(profile, { action, target, previewCount: preview.keys, resultCount: preview.keys, durationMs, outcome: 'ok', message: `${command}${on}` });
        return { command, keysBefore: preview.keys, nodes: nodes.length, durationMs };
      } catch (e) {
        await auditor.record(profile, { action, target, previewCount: preview.keys, durationMs: performance.now() - started, outcome: 'failed', message: (e as Error).message });
        throw e;
      }
    },
  };
}
