import type { AnalysisReport, TtlViolation } from '../../../../shared/contract/keyspace';
import type { WireBytes } from '../../../../shared/contract/keys';
import { formatBytes, formatDuration, formatInteger } from '../../../../shared/format';
import { KeyName } from '../keys/RowView';

function kindWords(v: TtlViolation): string {
  return v.kind === 'missing-ttl' ? 'no TTL' : `TTL above ${formatDuration(v.maxTtlSec ?? 0)}`;
}

/** Keys breaking the connection's TTL policy: missing TTL, or a TTL above the rule's range. */
export function Violations({ report, onOpen }: { report: AnalysisReport; onOpen(key: WireBytes): void }) {
  const rules = report.ttlRules.length;
  return (
    <section className="panel" aria-labelledby="viol-title" data-testid="violations">
      <h3 id="viol-title">TTL policy violations</h3>
      {rules === 0 ? (
        <p className="muted" data-testid="violations-no-rules">
          No TTL policy for this connection yet: add rules below (or start from a layout) and the report lists the keys that break them.
        </p>
      ) : report.ttlViolations.length === 0 ? (
        <p className="tone-ok" data-testid="violations-none">
          Every key matches its rule ({formatInteger(rules)} rules checked).
        </p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Problem</th>
              <th scope="col" className="num">
                Keys
              </th>
              <th scope="col" className="num">
                Memory
              </th>
              <th scope="col">Examples</th>
            </tr>
          </thead>
          <tbody>
            {report.ttlViolations.map((v) => (
              <tr key={`${v.pattern}|${v.kind}`} data-testid="violation-row" data-pattern={v.pattern} data-kind={v.kind} data-count={v.count}>
                <th scope="row" className="mono">
                  {v.pattern}
                </th>
                <td className="tone-warn">{kindWords(v)}</td>
                <td className="num">{formatInteger(v.count)}</td>
                <td className="num">{formatBytes(v.bytes)}</td>
                <td className="samples">
                  {v.samples.slice(0, 3).map((s, i) => (
                    <button key={i} type="button" className="link-button" onClick={() => onOpen(s.key)} title="Open in the Keys tab">
                      <KeyName name={s.key} />
                    </button>
                  ))}
                  {v.count > 3 && <span className="muted small"> +{formatInteger(v.count - Math.min(3, v.samples.length))}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
