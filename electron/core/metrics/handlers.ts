import type { CoreContext, HandlersFor } from '../context';

export function metricHandlers(ctx: CoreContext): HandlersFor<'metrics.history'> {
  return {
    'metrics.history': async ({ id }) => ctx.connection(id).history.snapshot(),
  };
}
