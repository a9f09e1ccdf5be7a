import { useEffect, useState } from 'react';
import type { ServerConfigView } from '../../../../shared/contract/dashboard';
import type { MetricSample } from '../../../../shared/contract/metrics';
import type { ConnectionState } from '../../../../shared/contract/profiles';
import { formatBytes, formatDuration, formatInteger, formatPercent } from '../../../../shared/format';
import { useServices } from '../../app/context';
import { formatAgo } from '../../charts/time-format';

/** Below this much used memory the fragmentation ratio is noise (Redis's MEMORY DOCTOR uses 5 MB). */
export const FRAGMENTATION_MIN_USED = 5 * 1024 * 1024;

type ConfigState = { kind: 'loading' } | { kind: 'ready'; view: ServerConfigView } | { kind: 'error'; message: string };

/** The settings shown first, with what a cache operator reads them for; the rest follow as the server gave them. */
const CONFIG_ORDER = ['maxmemory', 'maxmemory-policy', 'maxclients', 'timeout', 'databases', 'save', 'appendonly', 'appendfsync'];

function configValue(key: string, value: string): string {
  if (key === 'maxmemory') return value === '0' ? '0 (no limit)' : formatBytes(Number(value));
  if (key === 'timeout') return value === '0' ? '0 (never close idle clients)' : `${value} s`;
  if (key === 'save') return value === '' ? '"" (no RDB snapshots)' : value;
  return value === '' ? '""' : value;
}

function Fact({ label, children, testId, tone }: { label: string; children: React.ReactNode; testId?: string; tone?: 'warn' | 'bad' }) {
  return (
    <>
      <dt>{label}</dt>
      <dd data-testid={testId} className={tone ? `tone-${tone}` : undefined}>
        {children}
      </dd>
    </>
  );
}

/** Persistence, replication, memory health, CPU and the config limits that could be read. */
export function ServerPanel({ connectionId, latest, state, now }: { connectionId: string; latest: MetricSample; state: ConnectionState | undefined; now: number }) {
  const { dashboard } = useServices();
  const [config, setConfig] = useState<ConfigState>({ kind: 'loading' });
  const ready = state?.status === 'ready';
  const since = state?.since;
  const { maxMemory, maxMemoryPolicy } = latest;

  useEffect(() => {
    if (!ready) return;
    let live = true;
    setConfig({ kind: 'loading' });
    void dashboard.serverConfig(connectionId).then((reply) => {
      if (!live) return;
      setConfig(reply.ok ? { kind: 'ready', view: reply.value } : { kind: 'error', message: reply.error.message });
    });
    return () => {
      live = false;
    };
    // Reread after every reconnect (`since` changes), and when INFO shows a new memory limit or
    // policy (a CONFIG SET meanwhile): the server may have been reconfigured.
  }, [dashboard, connectionId, ready, since, maxMemory, maxMemoryPolicy]);

  const p = latest.persistence;
  const frag = latest.fragmentation;
  // Redis's own MEMORY DOCTOR stays silent below 5 MB used: the allocator's fixed overhead makes the
  // ratio large and meaningless on a near-empty server.
  const fragMeaningful = frag !== null && latest.usedMemory >= FRAGMENTATION_MIN_USED;
  const fragTone = fragMeaningful && (frag > 1.5 || frag < 1) ? 'warn' : undefined;
  const replication = config.kind === 'ready' ? config.view.replication : null;

  return (
    <section className="panel" data-testid="server-panel" aria-labelledby="server-title">
      <h3 id="server-title">Server</h3>
      <div className="server-columns">
        <dl className="facts">
          <Fact label="Version">Redis {latest.version}</Fact>
          <Fact label="Uptime">{formatDuration(latest.uptimeSec)}</Fact>
          <Fact label="CPU" testId="server-cpu">
            {latest.cpuPct === null ? '—' : `${latest.cpuPct.toFixed(1)} % of one core`}
          </Fact>
          <Fact label="Fragmentation" testId="server-fragmentation" tone={fragTone}>
            {frag === null ? '—' : frag.toFixed(2)}
            <span className="muted small">
              {' '}
              rss {formatBytes(latest.usedMemoryRss)} / used {formatBytes(latest.usedMemory)}
              {!fragMeaningful
                ? frag !== null
                  ? ' — too little memory in use for the ratio to mean anything'
                  : ''
                : frag > 1.5
                  ? ' — memory is fragmented'
                  : frag < 1
                    ? ' — some memory is swapped out'
                    : ''}
            </span>
          </Fact>
          <Fact label="Peak memory">{formatBytes(latest.usedMemoryPeak)}</Fact>
          <Fact label="Rejected connections" tone={latest.rejectedConnections > 0 ? 'warn' : undefined}>
            {formatInteger(latest.rejectedConnections)}
          </Fact>
        </dl>
        <dl className="facts" data-testid="server-persistence">
          <Fact label="Last RDB save">
            {p.rdbLastSaveTime ? `${formatAgo(now - p.rdbLastSaveTime * 1000)} ago` : 'never'}
            {p.rdbBgsaveInProgress ? ' · saving now' : ''}
          </Fact>
          <Fact label="Changes since save">{formatInteger(p.rdbChangesSinceLastSave)}</Fact>
          <Fact label="Last bgsave" tone={p.rdbLastBgsaveStatus && p.rdbLastBgsaveStatus !== 'ok' ? 'bad' : undefined}>
            {p.rdbLastBgsaveStatus ?? '—'}
          </Fact>
          <Fact label="AOF" testId="server-aof" tone={p.aofEnabled && p.aofLastWriteStatus && p.aofLastWriteStatus !== 'ok' ? 'bad' : undefined}>
            {p.aofEnabled ? `on · last write ${p.aofLastWriteStatus ?? '—'}${p.aofRewriteInProgress ? ' · rewriting' : ''}` : 'off'}
          </Fact>
          {p.loading && <Fact label="Loading">the server is loading its dataset</Fact>}
          <Fact label="Replication" testId="server-replication">
            {latest.role}
            {replication?.masterAddress && ` of ${replication.masterAddress} · link ${replication.masterLinkStatus ?? '?'}`}
            {replication && replication.replicas.length > 0 && ` · ${replication.replicas.length} replica${replication.replicas.length > 1 ? 's' : ''}`}
            {replication && replication.role === 'master' && replication.replicas.length === 0 && ' · no replicas'}
          </Fact>
          {replication?.replicas.map((r) => (
            <Fact key={r.address} label={`Replica ${r.address}`}>
              {r.state}
              {r.lagSec !== null ? ` · lag ${r.lagSec} s` : ''}
            </Fact>
          ))}
        </dl>
        <div className="server-config" data-testid="server-config">
          <h4>Config limits</h4>
          {config.kind === 'loading' && <p className="muted">{ready ? 'Reading CONFIG…' : 'Read when connected.'}</p>}
          {config.kind === 'error' && (
            <p className="muted" data-testid="server-config-error">
              Could not read the settings: {config.message}
            </p>
          )}
          {config.kind === 'ready' && !config.view.permitted && (
            <p className="not-permitted" data-testid="server-config-denied">
              <strong>Not permitted.</strong> {config.view.reason ?? 'CONFIG GET was refused.'}
              {latest.maxMemory > 0 ? ` From INFO: maxmemory ${formatBytes(latest.maxMemory)} (${latest.maxMemoryPolicy}).` : ` From INFO: policy ${latest.maxMemoryPolicy}.`}
            </p>
          )}
          {config.kind === 'ready' && config.view.permitted && (
            <dl className="facts facts-config">
              {Object.keys(config.view.values)
                .sort((a, b) => (CONFIG_ORDER.indexOf(a) + 1 || 99) - (CONFIG_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b))
                .map((k) => (
                  <Fact key={k} label={k} testId={`config-${k}`}>
                    {configValue(k, config.view.values[k]!)}
                  </Fact>
                ))}
              {latest.maxMemory > 0 && <Fact label="memory used">{formatPercent(latest.memoryFraction)} of the limit</Fact>}
            </dl>
          )}
        </div>
      </div>
    </section>
  );
}
