import type { AppStatsConfig } from '../../../shared/contract';
import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import { AppStatsService } from './service';

type Names = 'appStats.get' | 'appStats.set' | 'appStats.history';

/** What the schema cannot say: a keyed kind needs its key (and field), something must be charted, hits/misses must be charted fields. */
export function normaliseConfig(config: AppStatsConfig): AppStatsConfig {
  const fields = [...new Set(config.fields)];
  const what = config.kind === 'hash' ? 'fields' : config.kind === 'strings' ? 'keys' : 'numbers';
  if (config.kind !== 'strings' && config.key.trim() === '')
    throw new CoreError('BAD_REQUEST', `Name the ${config.kind === 'json' ? 'key' : 'hash'} that holds the counters (e.g. cache:stats).`);
  if (config.kind === 'hash-json' && !config.jsonField) throw new CoreError('BAD_REQUEST', 'Name the field of the hash whose value is the JSON document.');
  if (fields.length === 0)
    throw new CoreError('BAD_REQUEST', config.kind === 'hash' ? 'Choose at least one field of the hash to chart.' : config.kind === 'strings' ? 'Choose at least one key to chart.' : 'Choose at least one number of the JSON document to chart (e.g. hits, or stats.hits).');
  for (const [name, f] of [['hits', config.hitsField], ['misses', config.missesField]] as const)
    if (f && !fields.includes(f)) throw new CoreError('BAD_REQUEST', `The ${name} counter ${f} must be one of the charted ${what}.`);
  const { jsonField, ...rest } = config;
  return { ...rest, ...(config.kind === 'hash-json' ? { jsonField } : {}), fields };
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
