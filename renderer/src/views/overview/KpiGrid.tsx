import { memo } from 'react';
import type { WindowTotals } from '../../../../shared/chart-series';
import type { MetricSample } from '../../../../shared/contract/metrics';
import { keysOfDb } from '../../../../shared/db-keys';
import { formatBytes, formatCompact, formatInteger, formatLatency, formatMemoryUse, formatPercent, formatRate } from '../../../../shared/format';
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

/** The hit-rate tile's hover: the server's own figure and what Cachescope left out. */
function HitRateHover({ s, totals, windowLabel }: { s: MetricSample; totals: WindowTotals; windowLabel: string }) {
  const ownNow = (s.ownHitsDelta ?? 0) + (s.ownMissesDelta ?? 0);
  return (
    <dl className="hover-facts">
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

/** The KPI tiles: the newest sample, with a one-minute trend each. */
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
  const lookups = (s.hitsDelta ?? 0) + (s.missesDelta ?? 0);
  const dbKeys = keysOfDb(s, db);
  const hitTone = s.hitRate === null ? undefined : s.hitRate < 0.5 ? 'bad' : s.hitRate < 0.8 ? 'warn' : 'ok';

  return (
    <div className={`kpi-grid${stale ? ' stale' : ''}`} data-testid="kpi-grid" aria-label={stale ? 'Last known values (not live)' : 'Live values'}>
      <KpiTile
        testId="kpi-hit-rate"
        label="Hit rate"
        value={formatPercent(s.hitRate)}
        raw={s.hitRate}
        tone={hitTone}
        series={series((x) => x.hitRate)}
        help="Applications' keyspace hits / (hits + misses) between the last two polls; Cachescope's own reads are left out."
        hover={<HitRateHover s={s} totals={totals} windowLabel={windowLabel} />}
        detail={
          <>
            <span>
              {s.hitRate === null
                ? s.hitsDelta === null
                  ? noRateReason(s)
                  : 'no traffic — no lookups in the last interval'
                : `${formatCompact(lookups)} lookups in the last interval`}
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
        label="Operations"
        value={formatRate(s.opsPerSec)}
        unit="ops/s"
        raw={s.opsPerSec}
        series={series((x) => x.opsPerSec)}
        help="commands processed per second (INFO total_commands_processed)"
        detail={s.opsPerSec === null ? noRateReason(s) : `${formatCompact(s.totalCommands)} commands since start`}
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
        label="Evictions"
        value={formatRate(s.evictedPerSec)}
        unit="/s"
        raw={s.evictedPerSec}
        tone={s.evictedPerSec !== null && s.evictedPerSec > 0 ? 'warn' : undefined}
        series={series((x) => x.evictedPerSec)}
        help="keys evicted per second to stay under maxmemory"
        detail={s.evictedPerSec === null ? noRateReason(s) : `${formatInteger(s.evictedTotal)} evicted since start`}
      />
      <KpiTile
        testId="kpi-expired"
        label="Expired"
        value={formatRate(s.expiredPerSec)}
        unit="/s"
        raw={s.expiredPerSec}
        series={series((x) => x.expiredPerSec)}
        help="keys removed per second because their TTL ran out"
        detail={s.expiredPerSec === null ? noRateReason(s) : `${formatInteger(s.expiredTotal)} expired since start`}
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
        label="Latency"
        value={formatLatency(s.latencyMs)}
        raw={s.latencyMs}
        series={series((x) => x.latencyMs)}
        help="PING round trip from Cachescope"
        detail="PING round trip"
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
