import type { actionCommands } from '../../../shared/contract';
import type { CoreContext, HandlersFor } from '../context';
import { auditHandlers } from '../audit/handlers';
import { AuditLog, auditFile } from '../audit/audit-log';
import { Auditor } from '../audit/auditor';
import type { ActionDeps } from './deps';
import { flushHandlers } from './flush-handlers';
import { invalidateHandlers } from './invalidate-handlers';
import { JobRegistry } from './jobs';
import { RecipeStore } from './recipes';
import { ActionSettingsStore } from './settings';
import { pruneAtStart } from './undo-pruning';
import { warmHandlers } from './warm-handlers';

/** Cache controls: invalidate/undo, warm, flush, audit. Every write handler checks read-only first. */
export function actionHandlers(ctx: CoreContext): HandlersFor<keyof typeof actionCommands> {
  const deps: ActionDeps = {
    ctx,
    jobs: new JobRegistry(ctx.bus),
    auditor: new Auditor(new AuditLog(auditFile(ctx.options.dataDir)), ctx.options.mode, ctx.bus),
    settings: new ActionSettingsStore(ctx.options.dataDir),
    recipes: new RecipeStore(ctx.options.dataDir),
  };
  // A one-shot run (the CLI) leaves the undo folder's housekeeping to the app.
  if (!ctx.options.oneShot) {
    const pruned = pruneAtStart(deps);
    ctx.onClose(() => pruned);
  }
  return { ...invalidateHandlers(deps), ...warmHandlers(deps), ...flushHandlers(deps), ...auditHandlers(deps.auditor.log) };
}
