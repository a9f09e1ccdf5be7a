import type { AlertRule } from '../../../shared/contract';
import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import { AlertService } from './service';

type Names = 'alerts.rules.get' | 'alerts.rules.set' | 'alerts.active' | 'alerts.history';

/** Fractions must be fractions: a memory threshold of 80 means 8000 %, never fires, and looks like it works. */
function checkThresholds(rules: readonly AlertRule[]): void {
  for (const r of rules)
    if ((r.id === 'memory' || r.id === 'hitRate' || r.id === 'imbalance') && r.threshold > 1)
      throw new CoreError('BAD_REQUEST', `The ${r.id} threshold is a fraction between 0 and 1 (0.8 = 80 %), got ${r.threshold}.`);
    else if (r.id === 'evictionSpike' && r.threshold < 1)
      throw new CoreError('BAD_REQUEST', `The eviction rate jump is a factor of its baseline, 1 or more (3 = three times the usual rate), got ${r.threshold}.`);
}

export function alertHandlers(ctx: CoreContext): HandlersFor<Names> {
  const service = new AlertService({
    bus: ctx.bus,
    dataDir: ctx.options.dataDir,
    nameOf: (id) => ctx.open.get(id)?.profile.name,
  });
  return {
    'alerts.rules.get': ({ id }) => service.rulesFor(id),
    'alerts.rules.set': async ({ id, rules }) => {
      checkThresholds(rules);
      return service.setRules(id, rules);
    },
    'alerts.active': () => service.active(),
    'alerts.history': ({ id, limit }) => service.historyOf(id, limit),
  };
}
