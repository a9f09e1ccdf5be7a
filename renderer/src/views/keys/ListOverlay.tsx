import type { ScanPlan } from '../../../../shared/contract/keyspace';
import { formatInteger } from '../../../../shared/format';
import type { KeysPager } from './rows';
import type { ScanPhase } from './scan-phase';
import { scanEstimate } from './scan-words';

/** Before any scan: a large db offers the button with its size; a blocked one says why; a small one is being scanned. */
function NotScanned({ plan, busy, onScan }: { plan: ScanPlan | null; busy: boolean; onScan(): void }) {
  const size = plan?.dbsize ?? null;
  return (
    <div className="list-overlay" data-testid="keys-not-scanned" data-auto={plan?.auto ?? false}>
      <h3>{plan?.auto ? 'Scanning a small keyspace…' : 'Not scanned yet'}</h3>
      {plan?.blocked && (
        <p className="reason" role="alert" data-testid="keys-scan-blocked">
          This connection cannot scan its keys: {plan.blocked} Ask an administrator for <code>SCAN</code> (and <code>TYPE</code>, <code>PTTL</code>) on
          this user, or go straight to an exact key name above.
        </p>
      )}
      <p className="muted">
        Cachescope walks the keyspace with <code>SCAN</code> and a bounded <code>COUNT</code>, reading each page&apos;s types, TTLs and sizes in one
        pipeline or script — never <code>KEYS</code>, so it is safe on a production server. Rows appear while it runs.
        {plan && !plan.auto && !plan.blocked && size !== null && plan.autoScanMaxKeys > 0 && ` Keyspaces up to ${formatInteger(plan.autoScanMaxKeys)} keys are scanned as the tab opens; this one is larger.`}
      </p>
      <button type="button" className="btn btn-primary" onClick={onScan} disabled={busy} data-testid="scan-start-empty" data-keys={size ?? ''}>
        {size !== null && !plan?.auto ? `${formatInteger(size)} keys — Scan (takes ${scanEstimate(size)})` : 'Scan keys'}
      </button>
      <p className="muted small">Or go straight to an exact key name above: no scan needed.</p>
    </div>
  );
}

/** What the list shows instead of rows: not scanned, a failed read, or nothing to show. */
export function ListOverlay({
  phase,
  pager,
  plan,
  busy,
  onScan,
  emptyWords,
}: {
  phase: ScanPhase;
  pager: KeysPager;
  plan: ScanPlan | null;
  busy: boolean;
  onScan(): void;
  /** Heading and sentence when there is nothing to list (they depend on the filter and folder). */
  emptyWords: { title: string; text: string };
}) {
  if (!phase.scanned) return <NotScanned plan={plan} busy={busy} onScan={onScan} />;
  if (pager.error)
    return (
      <div className="list-overlay" role="alert" data-testid="keys-error">
        <h3>Could not read the keys</h3>
        <p className="reason">{pager.error}</p>
        <button type="button" className="btn" onClick={() => pager.invalidate()}>
          Try again
        </button>
      </div>
    );
  if (pager.total === 0 && phase.state !== 'running')
    return (
      <div className="list-overlay" data-testid="keys-empty">
        <h3>{emptyWords.title}</h3>
        <p className="muted">{emptyWords.text}</p>
      </div>
    );
  return null;
}
