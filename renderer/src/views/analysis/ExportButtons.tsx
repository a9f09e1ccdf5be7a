import { useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { ExportFile, ExportTable } from '../../../../shared/contract/keyspace';

type Choice = { format: 'json' } | { format: 'csv'; table: ExportTable };

const CHOICES: { label: string; choice: Choice; testId: string }[] = [
  { label: 'JSON (whole report)', choice: { format: 'json' }, testId: 'export-json' },
  { label: 'CSV: namespaces', choice: { format: 'csv', table: 'namespaces' }, testId: 'export-csv-namespaces' },
  { label: 'CSV: top keys', choice: { format: 'csv', table: 'topKeys' }, testId: 'export-csv-topKeys' },
  { label: 'CSV: violations', choice: { format: 'csv', table: 'violations' }, testId: 'export-csv-violations' },
];

/** Hand a file built in main to the browser's download (a Blob URL, revoked right after). */
function download(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Export the latest report (main writes the CSV/JSON; key names stay exact: utf8 or base64 columns). */
export function ExportButtons({ api, id }: { api: CachescopeApi; id: string }) {
  const [error, setError] = useState<string | null>(null);
  const run = async (c: Choice) => {
    setError(null);
    const r = await api.invoke('analysis.export', { id, ...c });
    if (!r.ok) return setError(r.error.message);
    download(r.value);
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
