import type { DbKeyspace } from '../../../../shared/contract/metrics';
import { formatDuration, formatInteger, formatPercent } from '../../../../shared/format';

/** INFO keyspace per database: keys, with a TTL, without one, average TTL. */
export function KeyspaceTable({ dbs, watchedDb }: { dbs: DbKeyspace[]; watchedDb: number }) {
  return (
    <section className="panel" data-testid="keyspace-table" aria-labelledby="keyspace-title">
      <h3 id="keyspace-title">Keyspace</h3>
      {dbs.length === 0 ? (
        <p className="muted" data-testid="keyspace-empty">
          No keys in any database.
        </p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">DB</th>
              <th scope="col" className="num">Keys</th>
              <th scope="col" className="num">With TTL</th>
              <th scope="col" className="num">Without TTL</th>
              <th scope="col" className="num">Avg TTL</th>
            </tr>
          </thead>
          <tbody>
            {dbs.map((d) => (
              <tr key={d.db} data-testid={`keyspace-db-${d.db}`} className={d.db === watchedDb ? 'current' : undefined}>
                <th scope="row">
                  db{d.db}
                  {d.db === watchedDb && <span className="muted small"> · this connection</span>}
                </th>
                <td className="num" data-testid="keyspace-keys">{formatInteger(d.keys)}</td>
                <td className="num">{formatInteger(d.expires)}</td>
                <td className="num" data-testid="keyspace-no-ttl">
                  {formatInteger(d.noTtl)}
                  <span className="muted small"> {d.keys > 0 ? formatPercent(d.noTtl / d.keys, 0) : ''}</span>
                </td>
                <td className="num">{d.avgTtlMs > 0 ? formatDuration(d.avgTtlMs / 1000) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
