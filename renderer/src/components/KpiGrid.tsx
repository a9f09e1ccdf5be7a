import type { MetricSample } from '../../../shared/contract/metrics';
import {
  formatBytes,
  formatCompact,
  formatInteger,
  formatLatency,
  formatMemoryUse,
  formatPercent,
  formatRate,
} from '../../../shared/format';
import { KpiTile } from './KpiTile';

const TREND_POINTS = 60;

/** Why a rate is missing on this sample, in words (first poll, reconnect, counter reset). */
function noRateReason(s: MetricSample): string {
  if (s.reset === 'restart') return 'server restarted — new baseline';
  if (s.reset === 'stats-reset') return 'stats were reset — new baseline';
  if (s.gap) return 'reconnected — measuring again';
  return 'measuring (needs two polls)';
}

export function KpiGrid({ samples }: { samples: MetricSample[] }) {
  const s = samples[samples.length - 1];
  if (!s) return null;
  const recent = samples.slice(-TREND_POINTS);
  const series = (pick: (x: MetricSample) => number | null) => recent.map(pick);
  const memory = formatMemoryUse(s.usedMemory, s.maxMemory);
  const noLimitDetail = s.totalSystemMemory ? `no limit · system ${formatBytes(s.totalSystemMemory)}` : 'no limit (maxmemory 0)';
  const lookups = (s.hitsDelta ?? 0) + (s.missesDelta ?? 0);
  const hitTone = s.hitRate === null ? undefined : s.hitRate < 0.5 ? 'bad' : s.hitRate < 0.8 ? 'warn' : 'ok';

  return (
    <div className="kpi-grid" data-testid="kpi-grid">
      <KpiTile
        testId="kpi-hit-rate"
        label="Hit rate"
        value={formatPercent(s.hitRate)}
        raw={s.hitRate}
        tone={hitTone}
        series={series((x) => x.hitRate)}
        help="keyspace hits / (hits + misses) between the last two polls"
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
            <span>
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
        testId="kpi-keys"
        label="Keys"
        value={formatInteger(s.keys)}
        raw={s.keys}
        series={series((x) => x.keys)}
        help="keys in all databases (INFO keyspace)"
        detail={
          <span data-testid="kpi-keys-no-ttl">
            {formatInteger(s.keysNoTtl)} without TTL{s.dbs.length > 1 ? ` · ${s.dbs.length} databases` : ''}
          </span>
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
}
