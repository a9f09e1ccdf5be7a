import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ActionPreview } from '../../../shared/contract';
import { formatBytes } from '../../../shared/format';
import { describeAddress } from '../profile/profile';
import type { HandlersFor } from '../context';
import { CoreError } from '../errors';
import { toWire } from '../keys/wire-bytes';
import { checkConfirmation, confirmFor } from './confirm';
import { envOf, type ActionDeps } from './deps';
import { executeInvalidate } from './execute-invalidate';
import { InvalidateInterrupted } from './invalidate';
import { previewTarget } from './preview';
import { PreviewStore } from './previews';
import { openUndoFile } from './undo-file';
import { listUndoFiles, newUndoFileName, undoDir, undoPath } from './undo-dir';
import { runRestore } from './restore';
import { restoreTargetMismatch } from '../../../shared/restore-target';
import { pruneForNewUndo } from './undo-pruning';
import { describeTarget, resolveTarget, type ResolvedTarget } from './target';

type Names = 'actions.preview' | 'actions.execute' | 'actions.cancel' | 'actions.job' | 'actions.undo' | 'actions.undoFiles' | 'actions.settings.get' | 'actions.settings.set';

interface StoredPreview {
  preview: ActionPreview;
  target: ResolvedTarget;
}

/** Undo file bytes for a match: base64 of about the values' size, plus each line's JSON. */
export function undoEstimate(bytes: number | null, matched: number): number | null {
  return bytes === null ? null : Math.round((bytes * 4) / 3) + matched * 64;
}

export function invalidateHandlers(deps: ActionDeps): HandlersFor<Names> {
  const { ctx, jobs, auditor, settings } = deps;
  const previews = new PreviewStore<StoredPreview>();

  return {
    'actions.preview': async ({ id, target }) => {
      const conn = ctx.connection(id);
      const description = describeTarget(target);
      await auditor.guardWritable(conn.profile, 'invalidate', description);
      const resolved = resolveTarget(target);
      const env = envOf(conn);
      const { undoLimitBytes } = await settings.get();
      const { jobId, done } = jobs.start('preview', id, async (job) => {
        const counts = await previewTarget(env, resolved, {
          signal: job.signal,
          onProgress: (scanned, matched) => job.update({ scanned, matched, serverReads: env.ledger.totals() }),
        });
        job.update({ scanned: counts.scanned, matched: counts.matched, serverReads: env.ledger.totals() });
        return { state: 'done', value: counts };
      });
      const counts = await done;
      const estimate = undoEstimate(counts.bytes, counts.matched);
      const tooBig = undoLimitBytes === 0 || (estimate !== null && estimate > undoLimitBytes);
      const preview: ActionPreview = {
        previewId: jobId,
        connectionId: id,
        db: conn.profile.db,
        description,
        matched: counts.matched,
        matchedKind: counts.matchedKind,
        scanned: counts.scanned,
        sample: counts.sample.map(toWire),
        bytes: counts.bytes,
        bytesKind: counts.bytesKind,
        undoAvailable: !tooBig,
        undoEstimateBytes: estimate,
        undoLimitBytes,
        ...(tooBig
          ? {
              undoNote:
                undoLimitBytes === 0
                  ? 'Undo is turned off (the undo limit is 0): these keys cannot be restored once deleted.'
                  : `Undo will not be available: saving these values would take about ${formatBytes(estimate)}, over the ${formatBytes(undoLimitBytes)} undo limit. Deleted keys cannot be restored.`,
            }
          : {}),
        confirm: confirmFor(conn.profile),
        serverReads: env.ledger.totals(),
        expiresAt: 0,
      };
      preview.expiresAt = previews.put(jobId, id, { preview, target: resolved });
      return preview;
    },

    'actions.execute': async ({ id, previewId, confirmation, undo, throttle }) => {
      const conn = ctx.connection(id);
      const { profile } = conn;
      await auditor.guardWritable(profile, 'invalidate', `preview ${previewId}`);
      const stored = previews.get(id, previewId);
      const { preview } = stored;
      try {
        checkConfirmation(preview.confirm, confirmation);
        if (undo && !preview.undoAvailable) throw new CoreError('BAD_REQUEST', `${preview.undoNote ?? 'Undo is not available.'} Confirm without undo to go ahead.`);
      } catch (e) {
        await auditor.record(profile, { action: 'invalidate', target: preview.description, previewCount: preview.matched, outcome: 'refused', message: (e as Error).message });
        throw e;
      }
      previews.take(id, previewId);
      const env = envOf(conn);
      const { undoLimitBytes, undoKeepDays, undoKeepBytes } = await settings.get();
      const undoName = undo ? newUndoFileName(randomUUID()) : undefined;
      const { jobId } = jobs.start('invalidate', id, async (job) => {
        if (undoName) job.update({ undoFile: undoName });
        // Audited before the first deletion, so a process that dies midway still leaves an entry.
        const run = auditor.run(profile, { action: 'invalidate', target: preview.description, previewCount: preview.matched, ...(undoName ? { undoFile: undoName } : {}) });
        await run.begin();
        const audit = (fields: { outcome: 'ok' | 'failed' | 'cancelled' | 'stopped'; message?: string }) =>
          run.finish({
            resultCount: job.progress.deleted,
            ...(undoName ? { undoFile: undoName } : {}),
            ...fields,
          });
        try {
          const outcome = await executeInvalidate(env, stored.target, {
            undo: undoName
              ? {
                  file: path.join(undoDir(ctx.options.dataDir), undoName),
                  header: {
                    format: 'cachescope-undo',
                    version: 1,
                    createdAt: Date.now(),
                    connectionId: id,
                    connectionName: profile.name,
                    server: describeAddress(profile),
                    db: profile.db,
                    description: preview.description,
                  },
                  limitBytes: undoLimitBytes,
                }
              : null,
            ...(undoName ? { onUndoCreated: () => pruneForNewUndo(deps, profile, { keepDays: undoKeepDays, keepBytes: undoKeepBytes }, undoName) } : {}),
            ...(throttle !== undefined ? { throttle } : {}),
            signal: job.signal,
            onProgress: (c) => {
              job.update({ scanned: c.scanned, matched: c.matched, deleted: c.deleted, serverReads: env.ledger.totals() });
              run.progress(c.deleted);
            },
          });
          const { counters, end } = outcome;
          job.update({ scanned: counters.scanned, matched: counters.matched, deleted: counters.deleted, serverReads: env.ledger.totals() });
          const message =
            end.state === 'stopped'
              ? end.reason
              : `${end.state === 'cancelled' ? 'Cancelled after deleting' : 'Deleted'} ${counters.deleted} of ${counters.matched} matching keys.${outcome.undo ? ` Undo file: ${undoName} (${outcome.undo.meta.entries} keys).` : ''}`;
          await audit({ outcome: end.state === 'done' ? 'ok' : end.state, message });
          return { state: end.state, message, value: undefined };
        } catch (e) {
          // Exact counts of what was deleted before the failure (progress may lag a batch behind).
          if (e instanceof InvalidateInterrupted) job.update({ scanned: e.counters.scanned, matched: e.counters.matched, deleted: e.counters.deleted }, true);
          await audit({ outcome: 'failed', message: (e as Error).message });
          throw e;
        }
      });
      return { jobId, ...(undoName ? { undoFile: undoName } : {}) };
    },

    'actions.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'actions.job': async ({ jobId }) => jobs.get(jobId),

    'actions.undo': async ({ id, undoFile, replace, intoOtherTarget }) => {
      const conn = ctx.connection(id);
      const { profile } = conn;
      const target = `undo file ${undoFile}`;
      await auditor.guardWritable(profile, 'undo', target);
      const file = undoPath(ctx.options.dataDir, undoFile);
      let opened;
      try {
        opened = await openUndoFile(file);
      } catch (e) {
        throw new CoreError('NOT_FOUND', `Cannot open undo file ${undoFile}: ${(e as Error).message}`);
      }
      const { header, entries } = opened;
      const mismatch = restoreTargetMismatch(header, profile);
      if (mismatch && !intoOtherTarget) {
        await entries.return(undefined);
        throw new CoreError('BAD_REQUEST', `${mismatch} Confirm to restore there (intoOtherTarget).`);
      }
      const env = envOf(conn);
      const { jobId } = jobs.start('undo', id, async (job) => {
        job.update({ undoFile }); // marks the file in use: never pruned while it is read
        const describe = `${target} (${header.description})`;
        // Audited before the first write, so a process that dies midway still leaves an entry.
        const run = auditor.run(profile, { action: 'undo', target: describe, undoFile });
        await run.begin();
        try {
          const { counters, cancelled, stopped } = await runRestore(env.client, entries, {
            replace,
            signal: job.signal,
            onProgress: (c) => {
              job.update({ scanned: c.scanned, written: c.written, skipped: c.skipped + c.expired, failed: c.failed });
              run.progress(c.written);
            },
          });
          const parts = [`Restored ${counters.written} keys.`];
          if (counters.skipped) parts.push(`${counters.skipped} keys were recreated meanwhile and left as they are (restore again with replace to overwrite them).`);
          if (counters.expired) parts.push(`${counters.expired} keys had reached their TTL and were not restored.`);
          if (counters.failed) parts.push(`${counters.failed} entries failed.`);
          if (stopped) parts.push(`Stopped at line ${stopped.line}: lost the connection to ${conn.where} (${stopped.error.message}). Restore again once it is back: keys already restored are left as they are.`);
          const message = parts.join(' ');
          job.update({
            scanned: counters.scanned,
            written: counters.written,
            skipped: counters.skipped + counters.expired,
            failed: counters.failed,
            errors: counters.errors,
            skippedKeys: counters.skippedKeys,
          });
          const state = stopped ? 'stopped' : cancelled ? 'cancelled' : 'done';
          await run.finish({
            previewCount: counters.scanned,
            resultCount: counters.written,
            outcome: stopped ? 'stopped' : cancelled ? 'cancelled' : counters.failed ? 'partial' : 'ok',
            undoFile,
            message,
          });
          return { state, message, value: undefined };
        } catch (e) {
          await run.finish({ resultCount: job.progress.written, outcome: 'failed', undoFile, message: (e as Error).message });
          throw e;
        }
      });
      return { jobId };
    },

    'actions.undoFiles': async ({ id }) => listUndoFiles(ctx.options.dataDir, id),
    'actions.settings.get': async () => settings.get(),
    'actions.settings.set': async (args) => settings.set(args),
  };
}
