/** Reconnect delay: 250 ms doubling to 10 s, with ±20 % jitter so tabs don't stampede. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(10_000, 250 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}
