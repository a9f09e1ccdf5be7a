import type { ScanPlan } from '../../../../shared/contract/keyspace';
import { formatInteger, formatPercent } from '../../../../shared/format';
import { useKeysStore } from './keys-store';
import { ReplicaToggle } from './ReplicaToggle';
import { useScanProgress } from './scan-phase';
import { scanFraction, scanHeadline, scanLine } from './scan-words';

/**
 * Scan / Cancel and where the scan is: a progress bar and "412k of 1.0M scanned · 180k keys/s ·
 * script path". The one part of the pane that follows every progress tick.
 */
export function ScanBar({
  id,
  busy,
  onScan,
  onCancel,
  error,
  plan,
}: {
  id: string;
  /** A start or cancel request is on its way. */
  busy: boolean;
  onScan(): void;
  onCancel(): void;
  error: string | null;
  plan: ScanPlan | null;
}) {
  const progress = useScanProgress(id);
  const auto = useKeysStore((s) => !!progress && s.conns[id]?.autoScanId === progress.scanId);
  const running = progress?.state === 'running';
  const fraction = progress ? scanFraction(progress) : null;
  const headline = progress ? scanHeadline(progress, auto) : '';
  return (
    <div className="scan-bar" data-testid="scan-bar" data-state={progress?.state ?? 'none'} data-auto={auto}>
      {running ? (
        <button type="button" className="btn btn-small" onClick={onCancel} disabled={busy} data-testid="scan-cancel">
          Cancel
        </button>
      ) : (
        <button type="button" className="btn btn-small btn-primary" onClick={onScan} disabled={busy} data-testid="scan-start" title="SCAN with a bounded COUNT: safe on production">
          {progress ? 'Rescan' : 'Scan'}
        </button>
      )}
      <ReplicaToggle id={id} disabled={running} />
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
            <div className={`scan-meter-fill tone-${progress.state}`} style={{ transform: `scaleX(${fraction ?? 0})` }} />
          </div>
          <div className="scan-text small" data-testid="scan-text" data-scanned={progress.scanned} data-total={progress.total} title={`${headline} · ${scanLine(progress)}${progress.message ? ` · ${progress.message}` : ''}`}>
            <strong data-testid="scan-headline">{headline}</strong>
            {fraction !== null && progress.state !== 'done' && <span> {formatPercent(fraction, 0)}</span>} · {scanLine(progress)}
            {progress.message && (
              <span className={progress.state === 'error' ? 'tone-bad' : 'muted'} data-testid="scan-message">
                {' '}
                · {progress.message}
              </span>
            )}
          </div>
        </div>
      ) : plan?.blocked ? (
        <span className="tone-bad small" data-testid="scan-not-allowed">
          Scanning is not allowed here.
        </span>
      ) : (
        <span className="muted small">{plan?.dbsize != null ? `${formatInteger(plan.dbsize)} keys · not scanned yet.` : 'Not scanned yet.'}</span>
      )}
      {error && (
        <span className="tone-bad small" role="alert" data-testid="scan-error">
          {error}
        </span>
      )}
    </div>
  );
}
