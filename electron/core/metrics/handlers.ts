import type { CoreContext, HandlersFor } from '../context';
import { readBasics } from './basics';

export function metricHandlers(ctx: CoreContext): HandlersFor<'metrics.history' | 'metrics.basics' | 'metrics.sample.now'> {
  return {
    'metrics.history': async ({ id }) => ctx.connection(id).history.snapshot(),
    'metrics.basics': async ({ id }) => readBasics((await ctx.connection(id).target.nodes('primary', 'poll')).map((n) => n.client)),
    'metrics.sample.now': async ({ id }) => ctx.connection(id).sampleNow(),
  };
}
