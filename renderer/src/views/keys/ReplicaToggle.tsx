import { useConnectionsStore } from '../../stores/connections-store';
import { useKeysStore } from './keys-store';

/**
 * "read from replicas": scans (Keys and Analysis tabs alike) read each primary's replica, so the
 * primaries' keyspace hits — what other monitoring's hit rate is made of — and their CPU are left
 * alone. Shown only where there are replicas (cluster, sentinel).
 */
export function ReplicaToggle({ id, disabled = false }: { id: string; disabled?: boolean }) {
  const mode = useConnectionsStore((s) => s.states[id]?.server?.mode);
  const on = useKeysStore((s) => s.conns[id]?.fromReplicas ?? false);
  if (mode !== 'cluster' && mode !== 'sentinel') return null;
  return (
    <label
      className="toggle small"
      title="Scan each primary's replica instead of the primary: the primaries' keyspace hits (what other dashboards' hit rate is made of) and their CPU are left alone. A primary without a replica is read itself, and the scan says so."
    >
      <input type="checkbox" checked={on} disabled={disabled} onChange={(e) => useKeysStore.getState().setFromReplicas(id, e.target.checked)} data-testid="from-replicas" />
      read from replicas
    </label>
  );
}
