import type { KeySpec } from './profiles';

/**
 * How many keys of each spec make a dataset of exactly `total` keys: one of each pattern first
 * (so even a small dataset shows every pattern and type), then shares by weight within each
 * spec's cardinality, the rest to the unbounded specs. Ids 0…count-1 of a spec are its keys.
 */
export function allocate(specs: readonly KeySpec[], total: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`key count must be a whole number ≥ 0, got ${total}`);
  const counts = specs.map(() => 0);
  const room = (i: number) => (specs[i]!.cardinality ?? Infinity) - counts[i]!;
  let left = total;
  for (let i = 0; i < specs.length && left > 0; i++) {
    counts[i] = 1;
    left--;
  }
  const share = (indices: number[]) => {
    const weight = indices.reduce((sum, i) => sum + specs[i]!.weight, 0);
    if (weight <= 0) return;
    const pool = left;
    for (const i of indices) {
      const add = Math.min(Math.floor((pool * specs[i]!.weight) / weight), room(i));
      counts[i]! += add;
      left -= add;
    }
  };
  share(specs.map((_, i) => i));
  const open = specs.map((s, i) => (s.cardinality === undefined && s.weight > 0 ? i : -1)).filter((i) => i >= 0);
  if (left > 0 && open.length === 0) throw new RangeError(`this profile cannot hold ${total} distinct keys`);
  share(open);
  // Rounding leaves fewer keys than open specs: one more each, heaviest first.
  const byWeight = [...open].sort((a, b) => specs[b]!.weight - specs[a]!.weight);
  for (let k = 0; left > 0; k++, left--) counts[byWeight[k % byWeight.length]!]!++;
  return counts;
}
