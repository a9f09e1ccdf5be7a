import type { AnalysisReport } from '../../../../shared/contract/keyspace';
import { formatBytes, formatInteger, formatLatency } from '../../../../shared/format';
import { formatClock } from '../../charts/time-format';
import { displayName } from '../keys/key-names';
import { TtlBar } from './ttl-distribution';

/** Totals of a report and how they were obtained (scope, path, duration, completeness). */
export function ReportSummary({ report }: { report: AnalysisReport }) {
  const t = report.totals;
  const types = Object.entries(t.types).sort((a, b) => b[1] - a[1]);
  return (
    <section className="panel report-summary" aria-labelledby="report-title" data-testid="report">
      <h3 id="report-title">
        Report · db {report.db}
        {report.match ? (
          <>
            {' '}
            · MATCH <code>{displayName(report.match)}</code>
          </>
        ) : (
          ' · whole keyspace'
        )}
      </h3>
      {!report.complete && <p className="tone-warn">The scan did not finish: these figures cover only the keys it reached.</p>}
      <div className="report-totals">
        <div className="report-total">
          <span className="kpi-label">Keys</span>
          <strong data-testid="report-keys" data-value={t.keys}>
            {formatInteger(t.keys)}
          </strong>
          <span className="muted small" data-testid="report-dbsize" data-value={report.dbsize}>
            {report.match ? `of ${formatInteger(report.dbsize)} in the db` : `DBSIZE ${formatInteger(report.dbsize)} at the start`}
          </span>
        </div>
        <div className="report-total">
          <span className="kpi-label">Memory</span>
          <strong data-testid="report-bytes">
            {t.bytesEstimated ? '≈ ' : ''}
            {formatBytes(t.bytes)}
          </strong>
          <span className="muted small">{t.bytesEstimated ? 'MEMORY USAGE, some sampled' : 'MEMORY USAGE'}</span>
        </div>
        <div className="report-total">
          <span className="kpi-label">Without TTL</span>
          <strong className={t.noTtl > 0 ? 'tone-warn' : undefined} data-testid="report-no-ttl" data-value={t.noTtl}>
            {formatInteger(t.noTtl)}
          </strong>
          <span className="muted small">keys that never expire</span>
        </div>
        <div className="report-total">
          <span className="kpi-label">Types</span>
          <span className="small report-types" data-testid="report-types">
            {types.map(([name, n]) => (
              <span key={name} className="type-count">
                {name} <strong>{formatInteger(n)}</strong>
              </span>
            ))}
          </span>
        </div>
      </div>
      <h4>TTL distribution</h4>
      <TtlBar buckets={t.ttlBuckets} legend testId="report-ttl" />
      <p className="muted small report-meta">
        Scanned at {formatClock(report.finishedAt)} in {formatLatency(report.durationMs)} ({report.path ?? 'no'} path); namespaces to depth {report.depth} on “{report.delimiter}”
        {report.fold ? `, ${displayName(report.fold)} folded` : ''}. The scan added {formatInteger(report.serverReads.hits)} hits and {formatInteger(report.serverReads.misses)} misses to the
        server&apos;s counters; the dashboard&apos;s hit rate leaves them out.
      </p>
    </section>
  );
}
