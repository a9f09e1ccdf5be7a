import type { NamespaceStats, TtlRule } from '../../../../shared/contract/keyspace';
import type { WireBytes } from '../../../../shared/contract/keys';
import { useServices } from '../../app/context';
import { StatePanel } from '../../ui/StatePanel';
import { useUiStore } from '../../stores/ui-store';
import { displayName, sameWire } from '../keys/key-names';
import { namespaceCrumbs } from '../keys/namespace-crumbs';
import { useKeysConnection, useKeysStore } from '../keys/keys-store';
import { saveKeyspaceSettings, useKeysSync } from '../keys/keys-sync';
import { ReplicaToggle } from '../keys/ReplicaToggle';
import { scanFraction, scanLine } from '../keys/scan-words';
import type { ConnectionViewProps } from '../types';
import { useAnalysisConnection, useAnalysisStore } from './analysis-store';
import { ExportButtons } from './ExportButtons';
import { NamespaceTable } from './NamespaceTable';
import { ReportSummary } from './ReportSummary';
import { cancelAnalysisScan, runAnalysis } from './run-analysis';
import { TopKeys } from './TopKeys';
import { TtlPolicyEditor } from './TtlPolicyEditor';
import { Violations } from './Violations';
import '../keys/keys.css';
import './analysis.css';

/**
 * The Analysis tab: a report over the whole keyspace (or a MATCH subset) — namespaces to a
 * chosen depth with counts, memory, types and TTL mix, the largest keys, and the keys that
 * break the connection's TTL policy — exportable as CSV and JSON.
 */
export function AnalysisView({ profile, state }: ConnectionViewProps) {
  const { api } = useServices();
  const id = profile.id;
  const connected = state?.status === 'ready';
  useKeysSync(api, id, connected);
  const { settings, presets, progress, settingsError } = useKeysConnection(id);
  const { options, run, report } = useAnalysisConnection(id);
  const setOptions = (p: Partial<typeof options>) => useAnalysisStore.getState().setOptions(id, p);
  const busy = run.status === 'scanning' || run.status === 'building';

  if (!connected)
    return (
      <StatePanel testId="analysis-not-connected" tone="muted" title="The analysis needs an open connection">
        <p className="muted">{state?.reason ?? `Cachescope is ${state?.status ?? 'not'} connected to ${profile.name}.`}</p>
      </StatePanel>
    );

  const open = (key: WireBytes) => {
    useKeysStore.getState().openKey(id, key);
    useUiStore.getState().setView(id, 'keys');
  };
  // A namespace opens as a tree folder when the tree splits keys as the report did.
  const browse =
    report && settings && report.delimiter === settings.delimiter && sameWire(report.fold, settings.fold)
      ? {
          open: (n: NamespaceStats) => {
            const path = namespaceCrumbs(n.prefix, n.pattern === true, report.delimiter, report.fold);
            if (!path) return;
            useKeysStore.getState().patchBrowse(id, { mode: 'tree', path, filter: '', type: '' });
            useUiStore.getState().setView(id, 'keys');
          },
        }
      : { why: 'The key tree splits keys with another delimiter or fold than this report: run the analysis again to browse from here.' };
  const saveRules = async (ttlRules: TtlRule[]): Promise<string | null> => {
    const error = await saveKeyspaceSettings(api, id, { ttlRules });
    if (error) return error;
    // The report's violations follow the new rules: rebuild it from the same (complete) scan.
    if (report) void runAnalysis(api, id, options, false);
    return null;
  };
  const scanning = run.status === 'scanning' && progress && (run.scanId === null || progress.scanId === run.scanId) ? progress : null;
  const fraction = scanning ? scanFraction(scanning) : null;

  return (
    <div className="analysis-view" data-testid="analysis-view">
      <section className="panel analysis-controls" aria-label="Analysis options">
        <form
          className="form-row"
          onSubmit={(e) => {
            e.preventDefault();
            void runAnalysis(api, id, options, false);
          }}
        >
          <label className="inline-field">
            Keys
            <input type="text" value={options.match} onChange={(e) => setOptions({ match: e.target.value })} placeholder="all (or a glob: user:*)" spellCheck={false} data-testid="analysis-match" />
          </label>
          <label className="inline-field">
            Depth
            <select value={options.depth} onChange={(e) => setOptions({ depth: Number(e.target.value) })} data-testid="analysis-depth">
              {[1, 2, 3, 4, 5, 6].map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          {settings?.fold && (
            <label className="toggle">
              <input type="checkbox" checked={options.fold} onChange={(e) => setOptions({ fold: e.target.checked })} />
              fold {displayName(settings.fold)}
            </label>
          )}
          <ReplicaToggle id={id} disabled={busy} />
          <button type="submit" className="btn btn-primary btn-small" disabled={busy} data-testid="analysis-run" title="Uses the latest complete scan when it covers these keys; scans otherwise">
            {busy ? 'Analysing…' : 'Analyse'}
          </button>
          <button type="button" className="btn btn-small" disabled={busy} onClick={() => void runAnalysis(api, id, options, true)} data-testid="analysis-rescan">
            Rescan &amp; analyse
          </button>
          {scanning && (
            <button type="button" className="btn btn-small" onClick={() => void cancelAnalysisScan(api, id)} data-testid="analysis-cancel">
              Cancel
            </button>
          )}
          {report && <ExportButtons api={api} id={id} />}
        </form>
        {scanning && (
          <div className="scan-status" data-testid="analysis-progress">
            <div className="scan-meter running" role="progressbar" aria-label="Scan progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}>
              <div className="scan-meter-fill" style={{ width: `${(fraction ?? 0) * 100}%` }} />
            </div>
            <span className="small">{scanLine(scanning)}</span>
          </div>
        )}
        {run.status === 'building' && <p className="muted small">Building the report…</p>}
        {run.status === 'error' && (
          <p className="tone-bad" role="alert" data-testid="analysis-error">
            {run.message}
          </p>
        )}
      </section>

      {report ? (
        <>
          <ReportSummary report={report} />
          <Violations report={report} onOpen={open} />
        </>
      ) : (
        !busy && (
          <StatePanel testId="analysis-empty" tone="muted" title="No report yet">
            <p className="muted">
              Analyse walks the keyspace with <code>SCAN</code> (bounded <code>COUNT</code>, never <code>KEYS</code>) and reads each key&apos;s type, TTL and{' '}
              <code>MEMORY USAGE</code>; it reuses the Keys tab&apos;s scan when that one is complete. The report groups keys into namespaces, ranks them by memory, shows the
              TTL mix and the largest keys, and checks the TTL policy below.
            </p>
          </StatePanel>
        )
      )}

      {settings ? (
        <TtlPolicyEditor rules={settings.ttlRules} presets={presets} onSave={saveRules} />
      ) : (
        <p className="muted">{settingsError ?? 'Loading the TTL policy…'}</p>
      )}

      {report && (
        <>
          <NamespaceTable report={report} browse={browse} />
          <TopKeys report={report} onOpen={open} />
        </>
      )}
    </div>
  );
}
