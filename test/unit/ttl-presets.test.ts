import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TTL_PRESETS } from '../../electron/core/analysis/ttl-presets';
import { Glob } from '../../electron/core/scan/glob';

const UNIT: Record<string, number> = { s: 1, min: 60, h: 3600, day: 86400, days: 86400 };

/** "5 min (lists) / 2 h (details)" → [300, 7200]; "1 min – 1 h" → [60, 3600]. */
function ttlRange(text: string): [number, number] {
  const secs = [...text.matchAll(/(\d+)\s*(s|min|h|days?)\b/g)].map((m) => Number(m[1]) * UNIT[m[2]!]!);
  return [Math.min(...secs), Math.max(...secs)];
}

/** A key the pattern names: `<id>` placeholders filled in (`course:<id>` → `course:42`). */
const exampleKey = (pattern: string) => pattern.replace(/<[^>]+>/g, '42');

/** Every key pattern of every layout table in docs/cache-layouts.md, with its TTL range. */
function layoutPatterns(): { layout: string; pattern: string; range: [number, number] }[] {
  const doc = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'cache-layouts.md'), 'utf8');
  const out: { layout: string; pattern: string; range: [number, number] }[] = [];
  let layout = '';
  for (const line of doc.split('\n')) {
    const heading = /^## (\S+) —/.exec(line);
    if (heading) layout = heading[1]!;
    const row = /^\| (`.*?) \| [^|]+ \| ([^|]+) \|$/.exec(line);
    if (!row || !layout) continue;
    for (const [, pattern] of row[1]!.matchAll(/`([^`]+)`/g)) out.push({ layout, pattern: pattern!, range: ttlRange(row[2]!) });
  }
  return out;
}

/** Patterns the apps' code uses beyond the layout tables (issue 17), with their TTL range. */
const FROM_THE_CODE: { layout: string; key: string; range: [number, number] }[] = [
  { layout: 'vtp', key: 'instructor:42', range: [7200, 7200] },
  { layout: 'hypersdk', key: 'profile:42', range: [3600, 86400] },
  { layout: 'hypersdk', key: 'username', range: [3600, 86400] },
  { layout: 'hypersdk', key: 'count', range: [3600, 86400] },
];

function ruleFor(layout: string, key: string) {
  const preset = TTL_PRESETS.find((p) => p.name === layout);
  expect(preset, `a preset for ${layout}`).toBeDefined();
  // The first matching rule applies, as in the TTL policy check.
  return preset!.rules.find((r) => new Glob(Buffer.from(r.pattern)).matches(Buffer.from(key))) ?? null;
}

describe('TTL presets cover every pattern of the five layouts', () => {
  const patterns = layoutPatterns();

  it('reads the layout tables (all five layouts, every row)', () => {
    expect(new Set(patterns.map((p) => p.layout))).toEqual(new Set(['vtp', 'gomeet', 'hypersdk', 'skillup', 'lms-phase4']));
    expect(patterns.length).toBeGreaterThanOrEqual(35);
    expect(patterns.find((p) => p.pattern === 'cache:stats')).toMatchObject({ layout: 'gomeet', range: [86400, 86400] });
  });

  it.each(patterns.map((p) => [p.layout, p.pattern, p.range] as const))('%s: %s has a rule that requires a TTL within the layout\u2019s', (layout, pattern, [min, max]) => {
    const rule = ruleFor(layout, exampleKey(pattern));
    expect(rule, `${layout} ${pattern}`).not.toBeNull();
    expect(rule!.requireTtl).toBe(true);
    expect(rule!.maxTtlSec).toBeGreaterThanOrEqual(min);
    expect(rule!.maxTtlSec).toBeLessThanOrEqual(max);
  });

  it.each(FROM_THE_CODE.map((p) => [p.layout, p.key, p.range] as const))('%s: %s (from the app\u2019s code) has its own rule', (layout, key, [min, max]) => {
    const rule = ruleFor(layout, key);
    expect(rule, `${layout} ${key}`).not.toBeNull();
    expect(rule!.maxTtlSec).toBeGreaterThanOrEqual(min);
    expect(rule!.maxTtlSec).toBeLessThanOrEqual(max);
  });

  it('tells hypersdk user profiles (1 h) from user settings (24 h)', () => {
    expect(ruleFor('hypersdk', 'user:42:profile')).toMatchObject({ pattern: 'user:*:profile', maxTtlSec: 3600 });
    expect(ruleFor('hypersdk', 'user:42:settings')).toMatchObject({ pattern: 'user:*:settings', maxTtlSec: 86400 });
  });
});
