import type { TtlBucket, TtlBuckets } from '../../../../shared/contract/keyspace';
import { formatInteger, formatPercent } from '../../../../shared/format';

/** The buckets in order (a copy of TTL_BUCKETS: the renderer imports only types from the contract). */
export const BUCKETS: readonly TtlBucket[] = ['none', 'lt1m', 'lt1h', 'lt1d', 'lt7d', 'gte7d'];
export const BUCKET_LABEL: Record<TtlBucket, string> = {
  none: 'no expiry',
  lt1m: '< 1 min',
  lt1h: '< 1 h',
  lt1d: '< 1 day',
  lt7d: '< 7 days',
  gte7d: '≥ 7 days',
};

const total = (b: TtlBuckets) => BUCKETS.reduce((n, k) => n + b[k], 0);

/** A stacked bar of the TTL buckets; `legend` adds the counts beneath. */
export function TtlBar({ buckets, legend = false, testId }: { buckets: TtlBuckets; legend?: boolean; testId?: string }) {
  const n = total(buckets);
  const title = BUCKETS.map((b) => `${BUCKET_LABEL[b]}: ${formatInteger(buckets[b])}`).join('\n');
  return (
    <div className="ttl-dist" data-testid={testId}>
      <div className="ttl-bar" title={title} role="img" aria-label={`TTL distribution: ${title.replace(/\n/g, ', ')}`}>
        {n > 0 &&
          BUCKETS.map((b) =>
            buckets[b] > 0 ? <span key={b} className={`ttl-seg ttl-${b}`} style={{ width: `${(buckets[b] / n) * 100}%` }} /> : null,
          )}
      </div>
      {legend && (
        <ul className="ttl-legend small">
          {BUCKETS.map((b) => (
            <li key={b} data-testid={`ttl-bucket-${b}`} data-value={buckets[b]}>
              <span className={`ttl-swatch ttl-${b}`} aria-hidden="true" />
              {BUCKET_LABEL[b]} <strong>{formatInteger(buckets[b])}</strong> <span className="muted">{n > 0 ? formatPercent(buckets[b] / n, 0) : ''}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
