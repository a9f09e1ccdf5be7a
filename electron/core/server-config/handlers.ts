import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import { readConfig, readReplication } from './read';

export function serverConfigHandlers(ctx: CoreContext): HandlersFor<'server.config'> {
  return {
    'server.config': async ({ id }) => {
      const connection = ctx.connection(id);
      if (connection.state.status !== 'ready') throw new CoreError('NOT_CONNECTED', `Not connected to ${connection.where}.`);
      // The admin client: CONFIG and INFO are no keyspace reads, and the poll client stays INFO-only.
      // The first primary's settings (every node of a cluster should share them).
      const [first] = await connection.target.nodes('primary', 'admin');
      if (!first) throw new CoreError('NOT_CONNECTED', `No primary is reachable at ${connection.where}.`);
      const { client } = first;
      // A Redis error is worded by the core's one translator (redis/translate-error), with this connection's address.
      const [config, replication] = await Promise.all([readConfig(client), readReplication(client)]);
      return { ...config, replication };
    },
  };
}
