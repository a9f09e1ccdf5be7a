import type { TtlRule, TtlViolation, TtlViolationKind } from '../../../shared/contract/keyspace';
import { toWire } from '../keys/wire-bytes';
import { Glob } from '../scan/glob';
import { NO_EXPIRY, UNKNOWN_SIZE, type KeyIndex } from '../scan/key-index';

const SAMPLES = 20;

interface Tally {
  count: number;
  bytes: number;
  samples: TtlViolation['samples'];
}

/**
 * Checks keys against ordered `pattern → expected TTL` rules (the first matching rule
 * applies): a key without TTL where one is required, or with more TTL left than the rule's
 * maximum, is a violation.
 */
export class TtlPolicyCheck {
  private readonly globs: Glob[];
  private readonly tallies = new Map<string, Tally>();

  constructor(private readonly rules: TtlRule[]) {
    this.globs = rules.map((r) => new Glob(Buffer.from(r.pattern, 'utf8')));
  }

  add(index: KeyIndex, i: number, now: number): void {
    if (this.rules.length === 0) return;
    const { arena, offsets } = index;
    const r = this.globs.findIndex((g) => g.matches(arena, offsets[i]!, offsets[i + 1]!));
    if (r < 0) return;
    const rule = this.rules[r]!;
    const exp = index.expiresAt[i]!;
    let kind: TtlViolationKind | null = null;
    if (exp === NO_EXPIRY) kind = rule.requireTtl ? 'missing-ttl' : null;
    else if (rule.maxTtlSec !== null && exp - now > rule.maxTtlSec * 1000) kind = 'ttl-above-max';
    if (!kind) return;
    const id = `${r}|${kind}`;
    let t = this.tallies.get(id);
    if (!t) this.tallies.set(id, (t = { count: 0, bytes: 0, samples: [] }));
    t.count++;
    const b = index.bytes[i]!;
    if (b !== UNKNOWN_SIZE) t.bytes += b;
    if (t.samples.length < SAMPLES) t.samples.push({ key: toWire(index.name(i)), ttlMs: exp === NO_EXPIRY ? null : Math.round(exp - now) });
  }

  violations(): TtlViolation[] {
    const out: TtlViolation[] = [];
    for (const [id, t] of this.tallies) {
      const [r, kind] = id.split('|') as [string, TtlViolationKind];
      const rule = this.rules[Number(r)]!;
      out.push({ pattern: rule.pattern, kind, maxTtlSec: rule.maxTtlSec, count: t.count, bytes: t.bytes, samples: t.samples });
    }
    return out.sort((a, b) => b.count - a.count || b.bytes - a.bytes);
  }
}
