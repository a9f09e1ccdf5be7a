import { useState } from 'react';
import type { AnalysisReport, NamespaceStats } from '../../../../shared/contract/keyspace';
import { formatBytes, formatInteger, formatPercent } from '../../../../shared/format';
import { displayName } from '../keys/key-names';
import { TtlBar } from './ttl-distribution';

const STEP = 100;

/**
 * Namespaces ranked by memory: keys, memory (and its share), keys without TTL, TTL mix, types.
 * A namespace's name opens it in the key tree (`browse` is null when the tree splits differently).
 */
export function NamespaceTable({ report, browse }: { report: AnalysisReport; browse: { open(n: NamespaceStats): void } | { why: string } }) {
  const [shown, setShown] = useState(STEP);
  const all = report.namespaces;
  const totalBytes = report.totals.bytes || 1;
  return (
    <section className="panel" aria-labelledby="ns-title">
      <h3 id="ns-title">
        Namespaces by memory <span className="muted small">({formatInteger(all.length)}{report.namespacesOmitted > 0 ? ` of ${formatInteger(all.length + report.namespacesOmitted)}` : ''})</span>
      </h3>
      <div className="table-scroll">
        <table className="data-table ns-table" data-testid="ns-table">
          <thead>
            <tr>
              <th scope="col">Namespace</th>
              <th scope="col" className="num">
                Keys
              </th>
              <th scope="col" className="num">
                Memory
              </th>
              <th scope="col">Share</th>
              <th scope="col" className="num">
                No TTL
              </th>
              <th scope="col">TTL mix</th>
              <th scope="col">Types</th>
            </tr>
          </thead>
          <tbody>
            {all.slice(0, shown).map((n, i) => {
              const name = displayName(n.prefix);
              return (
                <tr key={i} data-testid="ns-row" data-prefix={name} data-keys={n.keys}>
                  <th scope="row" className="mono">
                    {'open' in browse ? (
                      <button type="button" className="link-button" onClick={() => browse.open(n)} title="Browse this namespace in the key tree" data-testid="ns-browse">
                        {name === '' ? <em className="muted">(no delimiter)</em> : name}
                      </button>
                    ) : (
                      <span title={browse.why}>{name === '' ? <em className="muted">(no delimiter)</em> : name}</span>
                    )}
                  </th>
                  <td className="num">{formatInteger(n.keys)}</td>
                  <td className="num">
                    {n.bytesEstimated ? '≈' : ''}
                    {formatBytes(n.bytes)}
                  </td>
                  <td>
                    <span className="share-bar" title={formatPercent(n.bytes / totalBytes)}>
                      <span style={{ width: `${Math.min(100, (n.bytes / totalBytes) * 100)}%` }} />
                    </span>
                  </td>
                  <td className={`num${n.noTtl > 0 ? ' tone-warn' : ''}`}>{formatInteger(n.noTtl)}</td>
                  <td>
                    <TtlBar buckets={n.ttlBuckets} />
                  </td>
                  <td className="small muted">
                    {Object.entries(n.types)
                      .sort((a, b) => b[1] - a[1])
                      .map(([t, c]) => `${t} ${formatInteger(c)}`)
                      .join(', ')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {all.length > shown && (
        <button type="button" className="btn btn-small" onClick={() => setShown((s) => s + STEP)}>
          Show {Math.min(STEP, all.length - shown)} more
        </button>
      )}
    </section>
  );
}
