import { useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import { exportReport, type ExportChoice as Choice } from './report-export';


const CHOICES: { label: string; choice: Choice; testId: string }[] = [
  { label: 'JSON (whole report)', choice: { format: 'json' }, testId: 'export-json' },
  { label: 'CSV: namespaces', choice: { format: 'csv', table: 'namespaces' }, testId: 'export-csv-namespaces' },
  { label: 'CSV: top keys', choice: { format: 'csv', table: 'topKeys' }, testId: 'export-csv-topKeys' },
  { label: 'CSV: violations', choice: { format: 'csv', table: 'violations' }, testId: 'export-csv-violations' },
];

/** Export the latest report (main writes the CSV/JSON; key names stay exact: utf8 or base64 columns). */
export function ExportButtons({ api, id }: { api: CachescopeApi; id: string }) {
  const [error, setError] = useState<string | null>(null);
  const run = async (c: Choice) => {
    setError(null);
    setError(await exportReport(api, id, c));
  };
  return (
    <div className="export-buttons" role="group" aria-label="Export the report">
      <span className="muted small">Export</span>
      {CHOICES.map((c) => (
        <button key={c.testId} type="button" className="btn btn-small" onClick={() => void run(c.choice)} data-testid={c.testId}>
          {c.label}
        </button>
      ))}
      {error && (
        <span className="tone-bad small" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
