import type { CoreContext, HandlersFor } from '../context';
import { readBasics } from './basics';

export function metricHandlers(ctx: CoreContext): HandlersFor<'metrics.history' | 'metrics.basics' | 'metrics.sample.now'> {
  return {
    'metrics.history': async ({ id }) => ctx.connection(id).history.snapshot(),
    'metrics.basics': async ({ id }) => readBasics(ctx.connection(id).target.client('poll')),
    'metrics.sample.now': async ({ id }) => ctx.connection(id).sampleNow(),
  };
}
