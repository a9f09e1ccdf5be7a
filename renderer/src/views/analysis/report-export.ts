import type { CachescopeApi } from '../../../../shared/contract/api';
import type { ExportFile, ExportTable } from '../../../../shared/contract/keyspace';

export type ExportChoice = { format: 'json' } | { format: 'csv'; table: ExportTable };

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

/** Export the latest report (main writes the CSV/JSON) and download it; returns the error, or null. */
export async function exportReport(api: CachescopeApi, id: string, choice: ExportChoice): Promise<string | null> {
  const r = await api.invoke('analysis.export', { id, ...choice });
  if (!r.ok) return r.error.message;
  download(r.value);
  return null;
}
