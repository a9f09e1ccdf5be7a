import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import { describeRedisError } from '../redis/describe-error';
import { readConfig, readReplication } from './read';

export function serverConfigHandlers(ctx: CoreContext): HandlersFor<'server.config'> {
  return {
    'server.config': async ({ id }) => {
      const connection = ctx.connection(id);
      if (connection.state.status !== 'ready') throw new CoreError('NOT_CONNECTED', `Not connected to ${connection.where}.`);
      // The admin client: CONFIG and INFO are no keyspace reads, and the poll client stays INFO-only.
      const client = connection.target.client('admin');
      try {
        const [config, replication] = await Promise.all([readConfig(client), readReplication(client)]);
        return { ...config, replication };
      } catch (e) {
        const d = describeRedisError(e, connection.where);
        throw new CoreError(d.code, d.message);
      }
    },
  };
}
