import type { ScanProgress } from '../../../../shared/contract/keyspace';
import { formatPercent } from '../../../../shared/format';
import { SCAN_STATE_WORDS, scanFraction, scanLine } from './scan-words';

/** Scan / Cancel and where the scan is: a progress bar and "412k of 1.0M scanned · 180k keys/s · script path". */
export function ScanBar({
  progress,
  busy,
  onScan,
  onCancel,
  error,
}: {
  progress: ScanProgress | null;
  /** A start or cancel request is on its way. */
  busy: boolean;
  onScan(): void;
  onCancel(): void;
  error: string | null;
}) {
  const running = progress?.state === 'running';
  const fraction = progress ? scanFraction(progress) : null;
  return (
    <div className="scan-bar" data-testid="scan-bar" data-state={progress?.state ?? 'none'}>
      {running ? (
        <button type="button" className="btn btn-small" onClick={onCancel} disabled={busy} data-testid="scan-cancel">
          Cancel
        </button>
      ) : (
        <button type="button" className="btn btn-small btn-primary" onClick={onScan} disabled={busy} data-testid="scan-start" title="SCAN with a bounded COUNT: safe on production">
          {progress ? 'Rescan' : 'Scan'}
        </button>
      )}
      {progress ? (
        <div className="scan-status">
          <div
            className={`scan-meter${running ? ' running' : ''}`}
            role="progressbar"
            aria-label="Scan progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
          >
            <div className={`scan-meter-fill tone-${progress.state}`} style={{ width: `${(fraction ?? 0) * 100}%` }} />
          </div>
          <div className="scan-text small" data-testid="scan-text" data-scanned={progress.scanned} data-total={progress.total} title={`${SCAN_STATE_WORDS[progress.state]} · ${scanLine(progress)}${progress.message ? ` · ${progress.message}` : ''}`}>
            <strong>{SCAN_STATE_WORDS[progress.state]}</strong>
            {fraction !== null && progress.state !== 'done' && <span> {formatPercent(fraction, 0)}</span>} · {scanLine(progress)}
            {progress.message && (
              <span className={progress.state === 'error' ? 'tone-bad' : 'muted'} data-testid="scan-message">
                {' '}
                · {progress.message}
              </span>
            )}
          </div>
        </div>
      ) : (
        <span className="muted small">Not scanned yet.</span>
      )}
      {error && (
        <span className="tone-bad small" role="alert" data-testid="scan-error">
          {error}
        </span>
      )}
    </div>
  );
}
