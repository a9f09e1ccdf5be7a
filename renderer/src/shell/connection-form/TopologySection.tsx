import type { ReactNode } from 'react';
import type { TopologyKind } from '../../../../shared/contract/profiles';
import type { NatRow, TopologyFormModel } from './topology-form';
import './topology.css';

type FieldError = (field: `topo-${string}`) => ReactNode;

const KINDS: { value: TopologyKind; label: string; title: string }[] = [
  { value: 'standalone', label: 'Single node', title: 'One Redis server (a cluster node found there is watched as its whole cluster unless pinned)' },
  { value: 'cluster', label: 'Cluster', title: 'Redis Cluster: seed nodes; the other nodes are discovered' },
  { value: 'sentinel', label: 'Sentinel', title: 'A primary and replicas managed by Redis Sentinel: the sentinels and the master name' },
];

/** Single node, Cluster or Sentinel: the first choice, as it decides which address fields follow. */
export function TopologyChoice({ kind, onKind, id }: { kind: TopologyKind; onKind(kind: TopologyKind): void; id: (name: string) => string }) {
  return (
    <div className="field">
      <label htmlFor={id(`kind-${kind}`)}>Topology</label>
      <div className="segmented topology-choice" role="radiogroup" aria-label="Topology">
        {KINDS.map((k) => (
          <label key={k.value} className={`segment${kind === k.value ? ' on' : ''}`} title={k.title}>
            <input id={id(`kind-${k.value}`)} type="radio" name={id('kind')} value={k.value} data-testid={`form-kind-${k.value}`} checked={kind === k.value} onChange={() => onKind(k.value)} />
            {k.label}
          </label>
        ))}
      </div>
    </div>
  );
}

/** Cluster: the seed nodes; Sentinel: the sentinels — one host:port per line, in place of Host and Port. */
export function NodeList({ topology, onChange, id, fieldError }: { topology: TopologyFormModel; onChange(patch: Partial<TopologyFormModel>): void; id: (name: string) => string; fieldError: FieldError }) {
  const cluster = topology.kind === 'cluster';
  return (
    <div className="field">
      <label htmlFor={id('topo-nodes')}>{cluster ? 'Seed nodes' : 'Sentinels'}</label>
      <textarea
        id={id('topo-nodes')}
        data-testid="form-nodes"
        rows={3}
        spellCheck={false}
        placeholder={cluster ? '10.0.0.1:7000\n10.0.0.2:7000' : '10.0.0.1:26379\n10.0.0.2:26379\n10.0.0.3:26379'}
        value={topology.nodes}
        onChange={(e) => onChange({ nodes: e.target.value })}
      />
      <div className="field-hint">
        {fieldError('topo-nodes') ??
          (cluster
            ? 'host:port, one per line. One reachable node is enough; the others are discovered — list a few in case one is down.'
            : 'host:port, one per line (port 26379 if omitted). Cachescope asks them for the current primary and follows a failover.')}
      </div>
    </div>
  );
}

function NatRows({ rows, onChange, id, fieldError }: { rows: readonly NatRow[]; onChange(rows: NatRow[]): void; id: (name: string) => string; fieldError: FieldError }) {
  const set = (i: number, patch: Partial<NatRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <details className="nat-map" open={rows.length > 0} data-testid="form-nat-map">
      <summary>
        Node address map (NAT, containers){rows.length > 0 ? ` — ${rows.length} ${rows.length === 1 ? 'mapping' : 'mappings'}` : ''}
      </summary>
      <p className="field-hint">
        When the cluster announces addresses this computer cannot reach (Docker, Kubernetes, a cloud&apos;s private IPs), map each announced host:port to the one that
        reaches it.
      </p>
      {rows.map((r, i) => (
        <div className="nat-row" key={i} data-testid="form-nat-row">
          <input
            id={id(`topo-nat-${i}-from`)}
            type="text"
            spellCheck={false}
            aria-label={`Announced address ${i + 1}`}
            placeholder="announced 172.18.0.2:6379"
            data-testid="form-nat-from"
            value={r.from}
            onChange={(e) => set(i, { from: e.target.value })}
          />
          <span aria-hidden="true">→</span>
          <input
            id={id(`topo-nat-${i}-to`)}
            type="text"
            spellCheck={false}
            aria-label={`Reachable address ${i + 1}`}
            placeholder="reachable 127.0.0.1:7000"
            data-testid="form-nat-to"
            value={r.to}
            onChange={(e) => set(i, { to: e.target.value })}
          />
          <button type="button" className="btn btn-ghost btn-small" aria-label={`Remove mapping ${i + 1}`} data-testid="form-nat-remove" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            ✕
          </button>
          {(fieldError(`topo-nat-${i}-from`) ?? fieldError(`topo-nat-${i}-to`)) && <div className="field-hint nat-error">{fieldError(`topo-nat-${i}-from`) ?? fieldError(`topo-nat-${i}-to`)}</div>}
        </div>
      ))}
      <button type="button" className="btn btn-small" data-testid="form-nat-add" onClick={() => onChange([...rows, { from: '', to: '' }])}>
        Add a mapping
      </button>
    </details>
  );
}

/** What follows the credentials: pin (single node), the address map (cluster), the master name and sentinel credentials (Sentinel). */
export function TopologyDetails({ topology, onChange, id, fieldError }: { topology: TopologyFormModel; onChange(patch: Partial<TopologyFormModel>): void; id: (name: string) => string; fieldError: FieldError }) {
  const t = topology;
  if (t.kind === 'sentinel')
    return (
      <fieldset className="topology-section" data-testid="form-sentinel">
        <legend>Sentinel</legend>
        <div className="grid-2">
          <div className="field">
            <label htmlFor={id('topo-master-name')}>Master name</label>
            <input id={id('topo-master-name')} data-testid="form-master-name" type="text" spellCheck={false} placeholder="mymaster" value={t.masterName} onChange={(e) => onChange({ masterName: e.target.value })} />
            <div className="field-hint">{fieldError('topo-master-name') ?? 'As in sentinel.conf: sentinel monitor <name> …'}</div>
          </div>
          <div className="field">
            <label htmlFor={id('topo-sentinel-username')}>Sentinel user</label>
            <input
              id={id('topo-sentinel-username')}
              data-testid="form-sentinel-username"
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={t.sentinelUsername}
              onChange={(e) => onChange({ sentinelUsername: e.target.value })}
            />
            <div className="field-hint">The sentinels&apos; own ACL user; the Redis user above is the data nodes&apos;.</div>
          </div>
        </div>
        <div className="field">
          <label htmlFor={id('topo-sentinel-password')}>Sentinel password</label>
          <input
            id={id('topo-sentinel-password')}
            data-testid="form-sentinel-password"
            type="password"
            autoComplete="new-password"
            disabled={t.clearSentinelPassword}
            placeholder={t.keepsStoredSentinelPassword && !t.clearSentinelPassword ? '•••••• (saved)' : 'none'}
            value={t.sentinelPassword}
            onChange={(e) => onChange({ sentinelPassword: e.target.value })}
          />
          <div className="field-hint">
            {t.keepsStoredSentinelPassword ? (
              <label className="toggle">
                <input
                  type="checkbox"
                  data-testid="form-sentinel-password-clear"
                  checked={t.clearSentinelPassword}
                  onChange={(e) => onChange({ clearSentinelPassword: e.target.checked, sentinelPassword: '' })}
                />
                Remove the saved sentinel password (leave the box empty to keep it)
              </label>
            ) : (
              'Stored encrypted; never sent back to this page.'
            )}
          </div>
        </div>
      </fieldset>
    );
  return (
    <fieldset className="topology-section" data-testid={t.kind === 'cluster' ? 'form-cluster' : 'form-standalone-topology'}>
      {t.kind === 'standalone' && (
        <label className="toggle" title="Without this, a node that turns out to be a cluster member is watched as its whole cluster">
          <input type="checkbox" data-testid="form-pin-node" checked={t.pinNode} onChange={(e) => onChange({ pinNode: e.target.checked })} />
          Pin this node — a cluster node is otherwise watched as the whole cluster (every primary and replica)
        </label>
      )}
      {!(t.kind === 'standalone' && t.pinNode) && <NatRows rows={t.natMap} onChange={(natMap) => onChange({ natMap })} id={id} fieldError={fieldError} />}
    </fieldset>
  );
}
