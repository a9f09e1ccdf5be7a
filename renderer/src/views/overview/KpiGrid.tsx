import { memo } from 'react';
import type { WindowTotals } from '../../../../shared/chart-series';
import type { MetricSample } from '../../../../shared/contract/metrics';
import { keysOfDb } from '../../../../shared/db-keys';
import { formatBytes, formatCompact, formatInteger, formatLatency, formatMemoryUse, formatPercent, formatRate } from '../../../../shared/format';
import { tileWindow, tileWindowLabel } from '../../../../shared/tile-window';
import { KpiTile } from '../../ui/KpiTile';

const TREND_POINTS = 60;

/** Why a rate is missing on this sample, in words (first poll, reconnect, counter reset). */
function noRateReason(s: MetricSample): string {
  if (s.reset === 'restart') return 'server restarted — new baseline';
  if (s.reset === 'stats-reset') return 'stats were reset — new baseline';
  if (s.gap) return 'reconnected — measuring again';
  if (s.folded) return 'poll came too soon after a slow one — counted in the next';
  return 'measuring (needs two polls)';
}

/** A tile's hover: the instant value (the last poll interval) behind the window's figure. */
function InstantHover({ testId, value }: { testId: string; value: string }) {
  return (
    <dl className="hover-facts">
      <dt>Last interval (instant)</dt>
      <dd data-testid={`${testId}-instant`}>{value}</dd>
    </dl>
  );
}

/** The hit-rate tile's hover: the instant value, the server's own figure and what Cachescope left out. */
function HitRateHover({ s, totals, windowLabel }: { s: MetricSample; totals: WindowTotals; windowLabel: string }) {
  const ownNow = (s.ownHitsDelta ?? 0) + (s.ownMissesDelta ?? 0);
  return (
    <dl className="hover-facts">
      <dt>Last interval (instant)</dt>
      <dd data-testid="kpi-hit-rate-instant">{formatPercent(s.hitRate)}</dd>
      <dt>Server raw (last interval)</dt>
      <dd data-testid="kpi-hit-rate-raw">{formatPercent(s.hitRateRaw)}</dd>
      <dt>Excluded</dt>
      <dd data-testid="kpi-hit-rate-own">
        excluding {formatInteger(totals.ownReads)} reads by Cachescope in {windowLabel}
        {ownNow > 0 ? ` (${formatInteger(ownNow)} in the last interval)` : ''}
      </dd>
      <dt>{windowLabel} window</dt>
      <dd>
        {formatPercent(totals.hitRate)} of {formatCompact(totals.hits + totals.misses)} lookups
      </dd>
      <dt>Since Cachescope connected</dt>
      <dd>{formatPercent(s.hitRateTotal)}</dd>
      <dt>Server lifetime</dt>
      <dd>{formatPercent(s.hitRateServer)}</dd>
    </dl>
  );
}

/**
 * The KPI tiles: figures over a short window (the last 10 s, said on the tiles) so they do not
 * flicker with every poll; the instant value (the last interval) on hover; a one-minute trend each.
 */
export const KpiGrid = memo(function KpiGrid({
  samples,
  totals,
  windowLabel,
  stale,
  db,
  onWhyMisses,
}: {
  samples: MetricSample[];
  totals: WindowTotals;
  windowLabel: string;
  stale: boolean;
  db: number;
  /** Opens the Misses view: where and why this hit rate misses. */
  onWhyMisses?: () => void;
}) {
  const s = samples[samples.length - 1];
  if (!s) return null;
  const recent = samples.slice(-TREND_POINTS);
  const series = (pick: (x: MetricSample) => number | null) => recent.map(pick);
  const memory = formatMemoryUse(s.usedMemory, s.maxMemory);
  const noLimitDetail = s.totalSystemMemory ? `no limit · system ${formatBytes(s.totalSystemMemory)}` : 'no limit (maxmemory 0)';
  const w = tileWindow(samples);
  const over = tileWindowLabel(w);
  const dbKeys = keysOfDb(s, db);
  const hitTone = w.hitRate === null ? undefined : w.hitRate < 0.5 ? 'bad' : w.hitRate < 0.8 ? 'warn' : 'ok';
  const p99 = w.serverP99Us;

  return (
    <div className={`kpi-grid${stale ? ' stale' : ''}`} data-testid="kpi-grid" data-window={over} aria-label={stale ? 'Last known values (not live)' : 'Live values'}>
      <KpiTile
        testId="kpi-hit-rate"
        label={`Hit rate · ${over}`}
        value={formatPercent(w.hitRate)}
        raw={w.hitRate}
        tone={hitTone}
        series={series((x) => x.hitRate)}
        help={`Applications' keyspace hits / (hits + misses) over the ${over}; Cachescope's own reads are left out.`}
        hover={<HitRateHover s={s} totals={totals} windowLabel={windowLabel} />}
        detail={
          <>
            <span>
              {w.hitRate === null
                ? s.hitsDelta === null && w.lookups === 0
                  ? noRateReason(s)
                  : `no traffic — no lookups in the ${over}`
                : `${formatCompact(w.lookups)} lookups in the ${over}`}
            </span>
            <span data-testid="kpi-hit-rate-total">since start {formatPercent(s.hitRateTotal)}</span>
            {onWhyMisses && (
              <button type="button" className="link-button small" data-testid="kpi-hit-rate-why" onClick={onWhyMisses}>
                Where and why it misses →
              </button>
            )}
          </>
        }
      />
      <KpiTile
        testId="kpi-ops"
        label={`Operations · ${over}`}
        value={formatRate(w.opsPerSec)}
        unit="ops/s"
        raw={w.opsPerSec}
        series={series((x) => x.opsPerSec)}
        help={`the applications' commands per second over the ${over} (INFO total_commands_processed less Cachescope's own polls and reads, shown apart)`}
        hover={<InstantHover testId="kpi-ops" value={`${formatRate(s.opsPerSec)} ops/s`} />}
        detail={
          w.opsPerSec === null ? (
            noRateReason(s)
          ) : (
            <>
              <span>{formatCompact(s.totalCommands)} commands since start</span>
              {w.ownOpsPerSec !== null && <span data-testid="kpi-ops-own"> · Cachescope {formatRate(w.ownOpsPerSec)}/s</span>}
            </>
          )
        }
      />
      <KpiTile
        testId="kpi-memory"
        label="Memory"
        value={memory.value}
        raw={s.usedMemory}
        tone={s.memoryFraction === null ? undefined : s.memoryFraction > 0.95 ? 'bad' : s.memoryFraction > 0.8 ? 'warn' : undefined}
        series={series((x) => x.usedMemory)}
        help="used_memory vs maxmemory, with the eviction policy"
        detail={
          <>
            <span>{s.maxMemory > 0 ? memory.detail : noLimitDetail}</span>
            <span data-testid="kpi-memory-policy">
              policy {s.maxMemoryPolicy}
              {s.fragmentation !== null ? ` · frag ${s.fragmentation.toFixed(2)}` : ''}
            </span>
          </>
        }
      />
      <KpiTile
        testId="kpi-evictions"
        label={`Evictions · ${over}`}
        value={formatRate(w.evictedPerSec)}
        unit="/s"
        raw={w.evictedPerSec}
        tone={w.evictedPerSec !== null && w.evictedPerSec > 0 ? 'warn' : undefined}
        series={series((x) => x.evictedPerSec)}
        help={`keys evicted per second to stay under maxmemory, over the ${over}`}
        hover={<InstantHover testId="kpi-evictions" value={`${formatRate(s.evictedPerSec)}/s`} />}
        detail={w.evictedPerSec === null ? noRateReason(s) : `${formatInteger(s.evictedTotal)} evicted since start`}
      />
      <KpiTile
        testId="kpi-expired"
        label={`Expired · ${over}`}
        value={formatRate(w.expiredPerSec)}
        unit="/s"
        raw={w.expiredPerSec}
        series={series((x) => x.expiredPerSec)}
        help={`keys removed per second because their TTL ran out, over the ${over}`}
        hover={<InstantHover testId="kpi-expired" value={`${formatRate(s.expiredPerSec)}/s`} />}
        detail={w.expiredPerSec === null ? noRateReason(s) : `${formatInteger(s.expiredTotal)} expired since start`}
      />
      <KpiTile
        testId="kpi-keys"
        label={db === 0 ? 'Keys' : `Keys · db ${db}`}
        value={formatInteger(dbKeys.keys)}
        raw={dbKeys.keys}
        series={series((x) => keysOfDb(x, db).keys)}
        help={`keys in db ${db}, the one this connection is on (INFO keyspace)`}
        detail={
          <>
            <span data-testid="kpi-keys-no-ttl">{formatInteger(dbKeys.noTtl)} without TTL</span>
            {dbKeys.allKeys !== dbKeys.keys && (
              <span data-testid="kpi-keys-all">
                {' · '}
                {formatInteger(dbKeys.allKeys)} in all dbs
              </span>
            )}
          </>
        }
      />
      <KpiTile
        testId="kpi-latency"
        label={`Latency · ${over}`}
        value={formatLatency(w.latencyMs)}
        raw={w.latencyMs}
        series={series((x) => x.latencyMs)}
        help={`PING round trip from Cachescope: the median over the ${over} of each poll's median of ${s.pings ?? 1} PINGs`}
        hover={<InstantHover testId="kpi-latency" value={formatLatency(s.latencyMs)} />}
        detail={
          <>
            <span>round trip</span>
            <span data-testid="kpi-latency-server"> · server p99 {p99 === null ? 'n/a' : formatLatency(p99 / 1000)}</span>
          </>
        }
      />
      <KpiTile
        testId="kpi-clients"
        label="Clients"
        value={formatInteger(s.connectedClients)}
        raw={s.connectedClients}
        series={series((x) => x.connectedClients)}
        help="connected clients (including Cachescope's own)"
        detail={`${formatInteger(s.blockedClients)} blocked${s.rejectedConnections > 0 ? ` · ${formatInteger(s.rejectedConnections)} rejected` : ''}`}
      />
    </div>
  );
});
