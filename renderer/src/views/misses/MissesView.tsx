import { useState } from 'react';
import type { MissesPlan, MissesReport, TrafficSample } from '../../../../shared/contract/misses';
import { formatInteger, formatPercent, formatRate } from '../../../../shared/format';
import { useServices } from '../../app/context';
import { KpiTile } from '../../ui/KpiTile';
import { displayName } from '../keys/key-names';
import type { ConnectionViewProps } from '../types';
import { CAUSE_LABELS, recentRate, share, windowWords } from './misses-words';
import { useMisses } from './use-misses';
import './misses.css';

/** Where and why the cache misses: keyspace events per namespace, miss causes, advice (issue 20). */
export function MissesView({ profile, state }: ConnectionViewProps) {
  const { api } = useServices();
  const connected = state?.status === 'ready';
  const m = useMisses(api, profile.id, connected);
  const [asking, setAsking] = useState(false);
  const watching = m.report?.state === 'watching';
  const plan = m.plan.status === 'ok' ? m.plan.plan : null;

  if (!connected) return <p className="muted">Connect to {profile.name} to watch its misses.</p>;

  const onStart = () => {
    if (plan?.change) setAsking(true);
    else void m.start(false);
  };

  return (
    <div className="misses-view" data-testid="misses-view">
      {plan && plan.leftovers.length > 0 && (
        <section className="panel misses-leftover" data-testid="misses-leftover" role="alert">
          <p>
            A Cachescope that did not stop left <code>notify-keyspace-events</code> changed:{' '}
            {plan.leftovers.map((l) => `${l.address}: "${l.set}" (was "${l.previous}")${l.stillSet ? '' : ', changed since'}`).join('; ')}.
          </p>
          <button type="button" className="btn btn-small btn-primary" data-testid="misses-restore-leftover" disabled={m.busy} onClick={() => void m.restoreLeftover()}>
            Put the previous value back
          </button>
        </section>
      )}

      <section className="panel" aria-labelledby="misses-title">
        <h3 id="misses-title">Where and why the cache misses</h3>
        <p className="muted small">
          Counts the server&apos;s key events (misses, expiries, evictions, writes, deletes) per namespace, live, and classifies each miss by what last happened to its key.
        </p>
        {m.plan.status === 'loading' && <p className="muted">Reading notify-keyspace-events…</p>}
        {m.plan.status === 'error' && <p className="tone-bad">{m.plan.message}</p>}
        {plan && !plan.permitted && plan.ask && (
          <p className="misses-ask" data-testid="misses-ask">
            {plan.ask}
          </p>
        )}
        {plan && <SettingLine plan={plan} />}
        <div className="misses-controls">
          {watching ? (
            <button type="button" className="btn" data-testid="misses-stop" disabled={m.busy} onClick={() => void m.stop()}>
              Stop watching{m.report?.setting.changed ? ' (puts the setting back)' : ''}
            </button>
          ) : (
            <button type="button" className="btn btn-primary" data-testid="misses-start" disabled={m.busy || !plan} onClick={onStart}>
              {m.report ? 'Watch again' : 'Start watching'}
            </button>
          )}
        </div>
        {asking && plan && (
          <div className="misses-consent" role="dialog" aria-label="Change notify-keyspace-events" data-testid="misses-consent">
            <p>
              Watching changes <code>notify-keyspace-events</code>:{' '}
              {plan.nodes
                .filter((n) => n.proposed !== null)
                .map((n) => `${n.address}: "${n.current}" → "${n.proposed}"`)
                .join('; ')}
              . The letters already set stay; the previous value is put back when watching stops, the connection closes or the app quits.
            </p>
            <p className="muted small">{plan.cost}</p>
            <button
              type="button"
              className="btn btn-small btn-primary"
              data-testid="misses-consent-yes"
              onClick={() => {
                setAsking(false);
                void m.start(true);
              }}
            >
              Change it and watch
            </button>{' '}
            <button type="button" className="btn btn-small" onClick={() => setAsking(false)}>
              Cancel
            </button>
          </div>
        )}
        {m.error && (
          <p className="tone-bad" data-testid="misses-error">
            {m.error}
          </p>
        )}
      </section>

      {watching && (
        <section className="panel" aria-labelledby="sample-title">
          <h3 id="sample-title">Traffic sample</h3>
          <p className="muted small">
            MONITOR on every primary for a few seconds, beside the events: reads and hits per namespace, the hot keys, the command mix, and bookkeeping keys that prop up the server&apos;s hit rate. It costs the server: every command is
            copied to Cachescope while it runs. Values are never kept; Cachescope&apos;s own commands are left out.
          </p>
          {m.sample?.status === 'running' ? (
            <button type="button" className="btn btn-small" data-testid="sample-stop" onClick={m.stopSample}>
              Stop the sample ({m.sample.seconds} s at most)
            </button>
          ) : (
            <button type="button" className="btn btn-small" data-testid="sample-start" onClick={() => void m.startSample(10)}>
              Sample the traffic for 10 s
            </button>
          )}
          {m.sample?.status === 'error' && (
            <p className="tone-bad" data-testid="sample-error">
              {m.sample.message}
            </p>
          )}
          {m.sample?.status === 'done' && <SamplePanel s={m.sample.value} />}
        </section>
      )}

      {m.report && <ReportPanels r={m.report} />}
    </div>
  );
}

function SamplePanel({ s }: { s: TrafficSample }) {
  return (
    <div data-testid="sample-result">
      <p className="small">
        {formatInteger(s.reads)} reads in {s.seconds.toFixed(1)} s, {formatInteger(s.misses)} misses: hit rate <strong data-testid="sample-hit-rate">{formatPercent(s.hitRate)}</strong> ({formatInteger(s.ownExcluded)} of Cachescope&apos;s own commands left out).
      </p>
      {s.bookkeeping.map((b, i) => (
        <p key={i} className="misses-ask" data-testid="sample-bookkeeping">
          <code>{displayName(b.key)}</code>: {formatPercent(b.share, 0)} of lookups, written {formatInteger(b.writes)} times — bookkeeping rather than cached data? Without it the hit rate is {formatPercent(b.hitRateWithout)}.
        </p>
      ))}
      <div className="table-scroll">
        <table className="data-table" data-testid="sample-table">
          <thead>
            <tr>
              <th scope="col">Namespace</th>
              <th scope="col" className="num">Reads</th>
              <th scope="col" className="num">Misses</th>
              <th scope="col" className="num">Hit rate</th>
            </tr>
          </thead>
          <tbody>
            {s.namespaces.slice(0, 50).map((n, i) => (
              <tr key={i} data-testid="sample-row" data-prefix={displayName(n.prefix)} data-hit-rate={n.hitRate ?? ''}>
                <th scope="row" className="mono">
                  {displayName(n.prefix) || <em className="muted">(no delimiter)</em>}
                </th>
                <td className="num">{formatInteger(n.reads)}</td>
                <td className="num">{formatInteger(n.misses)}</td>
                <td className="num">{formatPercent(n.hitRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted small">
        Hot keys: {s.hotKeys.slice(0, 5).map((k) => `${displayName(k.key)} (${formatInteger(k.reads)})`).join(', ') || 'none'}. Commands: {s.commands.slice(0, 8).map((c) => `${c.name} ${formatInteger(c.count)}`).join(', ') || 'none'}.
      </p>
    </div>
  );
}

function SettingLine({ plan }: { plan: MissesPlan }) {
  const node = plan.nodes[0];
  if (!node || node.current === null) return null;
  return (
    <p className="muted small" data-testid="misses-setting">
      notify-keyspace-events{plan.nodes.length > 1 ? ` (${plan.nodes.length} primaries)` : ''}: &quot;{node.current}&quot;
      {plan.change ? ` — watching adds what is missing` : ' — the events watching needs are on'}
    </p>
  );
}

function ReportPanels({ r }: { r: MissesReport }) {
  const series = (pick: (s: MissesReport['series'][number]) => number) => r.series.slice(-60).map(pick);
  const tile = (id: string, label: string, pick: (s: MissesReport['series'][number]) => number, total: number) => {
    const rate = recentRate(r, pick);
    return <KpiTile testId={`misses-kpi-${id}`} label={label} value={formatRate(rate)} unit="/s" raw={rate} series={series(pick)} help={`${label} per second over the last 10 s`} detail={`${formatInteger(total)} in ${r.seconds.toFixed(0)} s`} />;
  };
  const misses = r.totals.misses;
  return (
    <>
      {!r.complete && (
        <section className="panel misses-gap" role="alert" data-testid="misses-gap">
          Events were lost while a subscription was down ({r.gaps.map((g) => `${g.node}: ${(((g.to ?? Date.now()) - g.from) / 1000).toFixed(1)} s${g.to === null ? ', still down' : ''}`).join('; ')}): the counts are lower bounds, not zeros.
        </section>
      )}
      <div className="kpi-grid" data-testid="misses-kpis">
        {tile('misses', 'Misses', (s) => s.misses, misses)}
        {tile('expired', 'Expired', (s) => s.expired, r.totals.expired)}
        {tile('evicted', 'Evicted', (s) => s.evicted, r.totals.evicted)}
        {tile('writes', 'Writes', (s) => s.writes, r.totals.writes)}
        {tile('deletes', 'Deletes', (s) => s.deleted, r.totals.deleted)}
      </div>

      <section className="panel" aria-labelledby="causes-title">
        <h3 id="causes-title">Why keys were missed</h3>
        <div className="cause-bar" data-testid="misses-causes">
          {CAUSE_LABELS.map(([k, label]) => (
            <span key={k} className={`cause cause-${k}`} style={{ flexGrow: r.causes[k] }} data-testid={`misses-cause-${k}`} data-count={r.causes[k]} title={`${label}: ${formatInteger(r.causes[k])}`} />
          ))}
        </div>
        <p className="small">
          {CAUSE_LABELS.map(([k, label]) => (
            <span key={k} className="cause-legend">
              <i className={`cause cause-${k}`} /> {label} {formatInteger(r.causes[k])} ({share(r.causes[k], misses)})
            </span>
          ))}
        </p>
        {r.advice.length > 0 && (
          <ul className="misses-advice" data-testid="misses-advice">
            {r.advice.map((a, i) => (
              <li key={i}>{a}</li>
            ))}
          </ul>
        )}
        <p className="muted small">{windowWords(r)}</p>
        {r.setting.note && <p className="muted small">{r.setting.note}</p>}
        {r.state === 'stopped' && r.setting.changed && (
          <p className="small" data-testid="misses-restored">
            {r.setting.restored ? 'notify-keyspace-events was put back.' : 'notify-keyspace-events could not be put back yet: the next start offers it.'}
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby="misses-ns-title">
        <h3 id="misses-ns-title">
          Namespaces by misses <span className="muted small">({formatInteger(r.namespaces.length)}{r.namespacesOmitted > 0 ? ` of ${formatInteger(r.namespaces.length + r.namespacesOmitted)}` : ''})</span>
        </h3>
        <div className="table-scroll">
          <table className="data-table" data-testid="misses-table">
            <thead>
              <tr>
                <th scope="col">Namespace</th>
                <th scope="col" className="num">Misses</th>
                <th scope="col" className="num">Share</th>
                {CAUSE_LABELS.map(([k, label]) => (
                  <th key={k} scope="col" className="num">
                    {label}
                  </th>
                ))}
                <th scope="col" className="num">Expired</th>
                <th scope="col" className="num">Evicted</th>
                <th scope="col" className="num">Writes</th>
                <th scope="col" className="num">Deletes</th>
              </tr>
            </thead>
            <tbody>
              {r.namespaces.map((n, i) => {
                const name = displayName(n.prefix);
                return (
                  <tr key={i} data-testid="misses-row" data-prefix={name} data-misses={n.misses}>
                    <th scope="row" className="mono">
                      {name === '' ? <em className="muted">(no delimiter)</em> : name}
                      {n.pattern ? '' : <span className="muted">*</span>}
                    </th>
                    <td className="num">{formatInteger(n.misses)}</td>
                    <td className="num">{share(n.misses, misses)}</td>
                    {CAUSE_LABELS.map(([k]) => (
                      <td key={k} className="num" data-testid={`misses-row-${k}`}>
                        {formatInteger(n.causes[k])}
                      </td>
                    ))}
                    <td className="num">{formatInteger(n.expired)}</td>
                    <td className="num">{formatInteger(n.evicted)}</td>
                    <td className="num">{formatInteger(n.writes)}</td>
                    <td className="num">{formatInteger(n.deletes)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
