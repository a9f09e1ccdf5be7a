import { useConnectionsStore } from '../../stores/connections-store';
import { useKeysStore } from './keys-store';

/** A connection with replicas to read from: a cluster, or a Sentinel-managed primary (as its first poll found it). */
export function hasReplicaNodes(id: string): boolean {
  const mode = useConnectionsStore.getState().states[id]?.server?.mode;
  return mode === 'cluster' || mode === 'sentinel';
}

/** What a scan request adds for the connection's "read from replicas" choice (nothing where it has no replicas). */
export function scanSource(id: string): { fromReplicas?: true } {
  return useKeysStore.getState().conns[id]?.fromReplicas && hasReplicaNodes(id) ? { fromReplicas: true } : {};
}
