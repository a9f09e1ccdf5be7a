import type { AnalysisReport } from '../../../../shared/contract/keyspace';
import type { WireBytes } from '../../../../shared/contract/keys';
import { formatBytes } from '../../../../shared/format';
import { KeyName } from '../keys/RowView';
import { formatTtl } from '../keys/ttl-text';

/** The largest keys by MEMORY USAGE; a click opens one in the Keys tab. */
export function TopKeys({ report, onOpen }: { report: AnalysisReport; onOpen(key: WireBytes): void }) {
  return (
    <section className="panel" aria-labelledby="top-title">
      <h3 id="top-title">Top {report.topKeys.length} keys by memory</h3>
      {report.topKeys.length === 0 ? (
        <p className="muted">No sizes: the server refused MEMORY USAGE, or there are no keys.</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table" data-testid="top-keys">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Key</th>
                <th scope="col">Type</th>
                <th scope="col" className="num">
                  Memory
                </th>
                <th scope="col">TTL at scan</th>
              </tr>
            </thead>
            <tbody>
              {report.topKeys.map((k, i) => (
                <tr key={i} data-testid="top-key-row">
                  <td className="muted">{i + 1}</td>
                  <td>
                    <button type="button" className="link-button" onClick={() => onOpen(k.key)} title="Open in the Keys tab">
                      <KeyName name={k.key} />
                    </button>
                  </td>
                  <td>{k.type}</td>
                  <td className="num">
                    {k.bytesEstimated ? '≈' : ''}
                    {formatBytes(k.bytes)}
                  </td>
                  <td className="muted">{formatTtl(k.ttlMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
