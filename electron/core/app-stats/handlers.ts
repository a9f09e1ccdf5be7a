import type { AppStatsConfig } from '../../../shared/contract';
import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import { AppStatsService } from './service';

type Names = 'appStats.get' | 'appStats.set' | 'appStats.history';

/** What the schema cannot say: a hash needs its key, something must be charted, hits/misses must be charted fields. */
export function normaliseConfig(config: AppStatsConfig): AppStatsConfig {
  const fields = [...new Set(config.fields)];
  if (config.kind === 'hash' && config.key.trim() === '') throw new CoreError('BAD_REQUEST', 'Name the hash that holds the counters (e.g. cache:stats).');
  if (fields.length === 0)
    throw new CoreError('BAD_REQUEST', config.kind === 'hash' ? 'Choose at least one field of the hash to chart.' : 'Choose at least one key to chart.');
  for (const [what, f] of [['hits', config.hitsField], ['misses', config.missesField]] as const)
    if (f && !fields.includes(f)) throw new CoreError('BAD_REQUEST', `The ${what} counter ${f} must be one of the charted ${config.kind === 'hash' ? 'fields' : 'keys'}.`);
  return { ...config, fields };
}

export function appStatsHandlers(ctx: CoreContext): HandlersFor<Names> {
  const service = new AppStatsService({ bus: ctx.bus, dataDir: ctx.options.dataDir, connectionOf: (id) => ctx.open.get(id) });
  return {
    'appStats.get': ({ id }) => service.get(id),
    'appStats.set': async ({ id, config }) => {
      await ctx.profileById(id); // NOT_FOUND for a connection that does not exist
      return service.set(id, config ? normaliseConfig(config) : null);
    },
    'appStats.history': async ({ id }) => service.history(id),
  };
}
