import type { NodePanel } from '../../../shared/contract';
import type { Connection } from '../connections/connection';
import { CoreError } from '../errors';
import { refreshRouting, type TargetNode } from '../redis/target';
import { translateError } from '../redis/translate-error';
import { panelRead } from './refusal';

/** Every node of the connection (one, or each of a cluster's), on the admin connections: these are no keyspace reads. */
export async function diagnosticNodes(connection: Connection): Promise<TargetNode[]> {
  if (connection.state.status !== 'ready') throw new CoreError('NOT_CONNECTED', `Not connected to ${connection.where}.`);
  // A fresh slot map each time: a cluster client's first one may lack replicas that joined late.
  await refreshRouting(connection.target.client('admin'));
  const nodes = await connection.target.nodes('all', 'admin');
  if (nodes.length === 0) throw new CoreError('NOT_CONNECTED', `No node is reachable at ${connection.where}.`);
  return nodes;
}

/**
 * One panel read on every node. A refusal is that node's sentence; so is a node that does not
 * answer on a cluster (the others still do). With one node, a lost connection is the reply's error.
 */
export async function perNode<T>(connection: Connection, command: string, panel: string, read: (node: TargetNode) => Promise<T>): Promise<NodePanel<T>[]> {
  const nodes = await diagnosticNodes(connection);
  return Promise.all(
    nodes.map(async (node): Promise<NodePanel<T>> => {
      const where = { address: node.address, role: node.role };
      try {
        return { ...where, ...(await panelRead(command, panel, () => read(node))) };
      } catch (e) {
        if (nodes.length === 1) throw e;
        const error = translateError(e, node.address);
        return { ...where, available: false, code: error.code, reason: error.message };
      }
    }),
  );
}
