import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
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
import { isConnectionLoss } from '../redis/connection-lost';
import { previewTarget } from './preview';
import { PreviewStore } from './previews';
import { openUndoFile } from './undo-file';
import { isUndoFileName, listUndoFiles, newUndoFileName, undoDir, undoEntriesOf, undoPath } from './undo-dir';
import { runRestore } from './restore';
import { FailoverWaits } from './failover-waits';
import { restoreTargetMismatch } from '../../../shared/restore-target';
import { pruneForNewUndo } from './undo-pruning';
import { describeTarget, resolveTarget, type ResolvedTarget } from './target';

type Names = 'actions.preview' | 'actions.execute' | 'actions.cancel' | 'actions.job' | 'actions.undo' | 'actions.undoFiles' | 'actions.settings.get' | 'actions.settings.set';

interface StoredPreview {
  preview: ActionPreview;
  target: ResolvedTarget;
  /** `flushdb-by-scan` for every key of the db (the FLUSHDB fallback), else `invalidate`. */
  action: string;
}

/** Where the undo file goes: the undo folder (a name), or a file the user chose (a path, theirs to keep). */
interface UndoPlan {
  /** What the job, the reply and the audit call it: the folder's file name, or the chosen path. */
  name: string;
  file: string;
  chosen: boolean;
}

/** Undo file bytes for a match: base64 of about the values' size, plus each line's JSON. */
export function undoEstimate(bytes: number | null, matched: number): number | null {
  return bytes === null ? null : Math.round((bytes * 4) / 3) + matched * 64;
}

export function invalidateHandlers(deps: ActionDeps): HandlersFor<Names> {
  const { ctx, jobs, auditor, settings } = deps;
  const previews = new PreviewStore<StoredPreview>();

  /** A new file in the undo folder, or the path main's save dialog (the CLI's --backup) names — never one that exists. */
  const planUndo = async (chosen: boolean): Promise<UndoPlan> => {
    const name = newUndoFileName(randomUUID());
    if (!chosen) return { name, file: path.join(undoDir(ctx.options.dataDir), name), chosen: false };
    const dialogs = ctx.options.dialogs;
    if (!dialogs) throw new CoreError('UNSUPPORTED', 'There is no save dialog here: keep the undo file in the undo folder instead.');
    const file = await dialogs.chooseSavePath({ title: 'Save the undo file', defaultName: name });
    if (file === null) throw new CoreError('CANCELLED', 'No file was chosen for the undo file.');
    if (existsSync(file)) throw new CoreError('BAD_REQUEST', `${file} already exists: choose a new file (an undo file is never overwritten).`);
    return { name: file, file, chosen: true };
  };

  /**
   * The undo file to restore: a name in the undo folder, or the file main's open dialog picks (the
   * CLI: its --backup FILE). A chosen file inside the undo folder is that name — the same entry as
   * the UI's; one elsewhere is a backup, audited as `restore` under its path.
   */
  const undoSource = async (named: string | undefined): Promise<{ file: string; undoFile: string; action: string; target: string }> => {
    if (named !== undefined) return { file: undoPath(ctx.options.dataDir, named), undoFile: named, action: 'undo', target: `undo file ${named}` };
    const dialogs = ctx.options.dialogs;
    if (!dialogs) throw new CoreError('UNSUPPORTED', 'There is no file dialog here: restore a file of the undo folder by its name.');
    const chosen = await dialogs.chooseOpenPath({ title: 'Restore from an undo file', extensions: ['ndjson'] });
    if (chosen === null) throw new CoreError('CANCELLED', 'No file was chosen.');
    const file = path.resolve(chosen);
    const name = path.basename(file);
    if (path.dirname(file) === undoDir(ctx.options.dataDir) && isUndoFileName(name)) return { file, undoFile: name, action: 'undo', target: `undo file ${name}` };
    return { file, undoFile: file, action: 'restore', target: `backup ${file}` };
  };

  return {
    'actions.preview': async ({ id, target }) => {
      const conn = ctx.connection(id);
      const description = describeTarget(target);
      await auditor.guardWritable(conn.profile, 'invalidate', description);
      const resolved = resolveTarget(target);
      const env = await envOf(conn);
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
        ...(resolved.kind === 'scan' && env.nodes.length > 1 ? { nodes: env.nodes.length } : {}),
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
      preview.expiresAt = previews.put(jobId, id, { preview, target: resolved, action: target.kind === 'all' ? 'flushdb-by-scan' : 'invalidate' });
      return preview;
    },

    'actions.execute': async ({ id, previewId, confirmation, undo, chooseUndoPath, throttle }) => {
      const conn = ctx.connection(id);
      const { profile } = conn;
      await auditor.guardWritable(profile, 'invalidate', `preview ${previewId}`);
      const stored = previews.get(id, previewId);
      const { preview, action } = stored;
      const chosen = undo && chooseUndoPath;
      let plan: UndoPlan | null = null;
      try {
        checkConfirmation(preview.confirm, confirmation);
        // The undo limit keeps the undo folder small; a file the user chose to keep is theirs.
        if (undo && !chosen && !preview.undoAvailable) throw new CoreError('BAD_REQUEST', `${preview.undoNote ?? 'Undo is not available.'} Confirm without undo to go ahead.`);
        if (undo) plan = await planUndo(chosen);
      } catch (e) {
        await auditor.record(profile, { action, target: preview.description, previewCount: preview.matched, outcome: 'refused', message: (e as Error).message });
        throw e;
      }
      previews.take(id, previewId);
      const env = await envOf(conn, ctx.options.takeoverWaitMs);
      // Every node's address when there are several (a cluster): a restore through any of them goes back where the keys came from.
      const nodes = plan ? (await conn.target.nodes('all')).map((n) => n.address) : [];
      const { undoLimitBytes, undoKeepDays, undoKeepBytes } = await settings.get();
      const undoName = plan?.name;
      const { jobId } = jobs.start('invalidate', id, async (job) => {
        if (undoName) job.update({ undoFile: undoName });
        // Audited before the first deletion, so a process that dies midway still leaves an entry.
        const run = auditor.run(profile, { action, target: preview.description, previewCount: preview.matched, ...(undoName ? { undoFile: undoName } : {}) });
        await run.begin();
        const audit = (fields: { outcome: 'ok' | 'failed' | 'cancelled' | 'stopped'; message?: string }) =>
          run.finish({
            resultCount: job.progress.deleted,
            ...(undoName ? { undoFile: undoName } : {}),
            ...fields,
          });
        try {
          const outcome = await executeInvalidate(env, stored.target, {
            undo: plan
              ? {
                  file: plan.file,
                  header: {
                    format: 'cachescope-undo',
                    version: 1,
                    createdAt: Date.now(),
                    connectionId: id,
                    connectionName: profile.name,
                    server: describeAddress(profile),
                    db: profile.db,
                    description: preview.description,
                    ...(nodes.length > 1 ? { nodes } : {}),
                  },
                  limitBytes: plan.chosen ? Infinity : undoLimitBytes,
                }
              : null,
            ...(undoName && !plan?.chosen ? { onUndoCreated: () => pruneForNewUndo(deps, profile, { keepDays: undoKeepDays, keepBytes: undoKeepBytes }, undoName) } : {}),
            ...(throttle !== undefined ? { throttle } : {}),
            signal: job.signal,
            onProgress: (c) => {
              job.update({ scanned: c.scanned, matched: c.matched, deleted: c.deleted, serverReads: env.ledger.totals() });
              run.progress(c.deleted);
            },
            onNotes: (notes) => job.update({ notes }, true),
          });
          const { counters, end } = outcome;
          const told = outcome.notes.length ? ` ${outcome.notes.join(' ')}` : '';
          job.update({
            scanned: counters.scanned,
            matched: counters.matched,
            deleted: counters.deleted,
            serverReads: env.ledger.totals(),
            ...(outcome.undo ? { undoSaved: { entries: outcome.undo.meta.entries, bytes: outcome.undo.meta.bytes } } : {}),
          });
          const message =
            end.state === 'stopped'
              ? end.reason
              : `${end.state === 'cancelled' ? 'Cancelled after deleting' : 'Deleted'} ${counters.deleted} of ${counters.matched} matching keys.${outcome.undo ? ` Undo file: ${undoName} (${outcome.undo.meta.entries} keys).` : ''}`;
          const said = `${message}${told}`;
          await audit({ outcome: end.state === 'done' ? 'ok' : end.state, message: said });
          return { state: end.state, message: said, value: undefined };
        } catch (e) {
          // Exact counts of what was deleted before the failure (progress may lag a batch behind).
          if (e instanceof InvalidateInterrupted)
            job.update({ scanned: e.counters.scanned, matched: e.counters.matched, deleted: e.counters.deleted, serverReads: env.ledger.totals(), ...(e.notes.length ? { notes: e.notes } : {}), ...(e.undo ? { undoSaved: { entries: e.undo.entries, bytes: e.undo.bytes } } : {}) }, true);
          // A lost server (or a cluster that did not recover in time) is said as such, coded
          // NOT_CONNECTED: what was deleted stays in the undo file.
          const lost = e instanceof InvalidateInterrupted && (isConnectionLoss(e.cause) || (e.cause instanceof CoreError && e.cause.code === 'NOT_CONNECTED'));
          const failure = lost
            ? new CoreError(
                'NOT_CONNECTED',
                `Lost the connection to ${conn.where} after deleting ${e.counters.deleted} keys (${e.counters.scanned} examined): ${e.cause instanceof Error ? e.cause.message : String(e.cause)}${e.notes.length ? ` ${e.notes.join(' ')}` : ''}`,
              )
            : e;
          await audit({ outcome: 'failed', message: (failure as Error).message });
          throw failure;
        }
      });
      return { jobId, ...(undoName ? { undoFile: undoName } : {}) };
    },

    'actions.cancel': async ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'actions.job': async ({ jobId }) => jobs.get(jobId),

    'actions.undo': async ({ id, undoFile: named, replace, intoOtherTarget }) => {
      // The contract admits a name or chooseFile, never both: no name means the chosen file.
      const conn = ctx.connection(id);
      const { profile } = conn;
      await auditor.guardWritable(profile, 'undo', named !== undefined ? `undo file ${named}` : 'undo file (chosen)');
      const { file, undoFile, action, target } = await undoSource(named);
      let opened;
      try {
        opened = await openUndoFile(file);
      } catch (e) {
        throw new CoreError('NOT_FOUND', `Cannot open undo file ${undoFile}: ${(e as Error).message}`);
      }
      const total = await undoEntriesOf(file);
      const { header, entries } = opened;
      const mismatch = restoreTargetMismatch(header, profile);
      if (mismatch && !intoOtherTarget) {
        await entries.return(undefined);
        throw new CoreError('BAD_REQUEST', `${mismatch} Confirm to restore there (intoOtherTarget).`);
      }
      const env = await envOf(conn);
      const { jobId } = jobs.start('undo', id, async (job) => {
        job.update({ undoFile }); // marks the file in use: never pruned while it is read
        const describe = `${target} (${header.description})`;
        // Audited before the first write, so a process that dies midway still leaves an entry.
        const run = auditor.run(profile, { action, target: describe, undoFile });
        await run.begin();
        if (total !== null) job.update({ total }, true);
        try {
          const failover = new FailoverWaits(env.servingPrimaries, job.signal, (notes) => job.update({ notes }, true));
          const { counters, cancelled, stopped } = await runRestore(env.client, entries, {
            replace,
            signal: job.signal,
            failover,
            onProgress: (c) => {
              job.update({ scanned: c.scanned, written: c.written, skipped: c.skipped + c.expired, expired: c.expired, failed: c.failed });
              run.progress(c.written);
            },
          });
          const parts = [`Restored ${counters.written} keys.`];
          const recreated = counters.skipped - counters.presentAfterFailover;
          if (recreated) parts.push(`${recreated} keys were recreated meanwhile and left as they are (restore again with replace to overwrite them).`);
          if (counters.presentAfterFailover)
            parts.push(`${counters.presentAfterFailover} keys sent again after the failover were there already — restored just before their primary was lost (its replica had them), or recreated meanwhile — and left as they are.`);
          if (counters.expired) parts.push(`${counters.expired} keys had reached their TTL and were not restored.`);
          if (counters.failed) parts.push(`${counters.failed} entries failed.`);
          parts.push(...failover.notes);
          if (stopped) parts.push(`Stopped at line ${stopped.line}: lost the connection to ${conn.where} (${stopped.error.message}). Restore again once it is back: keys already restored are left as they are.`);
          const message = parts.join(' ');
          job.update({
            scanned: counters.scanned,
            written: counters.written,
            skipped: counters.skipped + counters.expired,
            expired: counters.expired,
            failed: counters.failed,
            errors: counters.errors,
            skippedKeys: counters.skippedKeys,
            ...(failover.notes.length ? { notes: failover.notes } : {}),
            ...(stopped ? { stoppedAt: { line: stopped.line, reason: stopped.error.message } } : {}),
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
