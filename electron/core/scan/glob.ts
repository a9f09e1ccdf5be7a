/**
 * Redis glob matching (`stringmatchlen` of Redis 7, the semantics of SCAN MATCH and KEYS) over
 * bytes, so a filter applied to the index selects exactly what SCAN MATCH would: `*`, `?`,
 * `[abc]`, `[^a-z]`, `\x` escapes. Bytes compare as C `char` (signed) like the server's.
 */
export class Glob {
  private readonly p: Uint8Array;
  /** True when the pattern has no special character: a plain byte comparison does. */
  readonly literal: boolean;
  /** A lone `*`: SCAN and KEYS skip matching then, so even the empty key is included. */
  readonly all: boolean;

  constructor(pattern: Uint8Array) {
    this.p = pattern;
    this.literal = !pattern.some((b) => b === 0x2a || b === 0x3f || b === 0x5b || b === 0x5c);
    this.all = pattern.length === 1 && pattern[0] === 0x2a;
  }

  /** Does `s[start, end)` match? */
  matches(s: Uint8Array, start = 0, end = s.length): boolean {
    if (this.all) return true;
    if (this.literal) {
      if (end - start !== this.p.length) return false;
      for (let i = 0; i < this.p.length; i++) if (s[start + i] !== this.p[i]) return false;
      return true;
    }
    const skip = { longer: false };
    return match(this.p, 0, this.p.length, s, start, end, skip);
  }
}

const signed = (b: number) => (b << 24) >> 24;

function match(p: Uint8Array, pi: number, pEnd: number, s: Uint8Array, si: number, sEnd: number, skip: { longer: boolean }): boolean {
  // Reads past the end yield 0, as the NUL terminator of the server's sds strings would.
  const at = (i: number) => (i < pEnd ? p[i]! : 0);
  while (pi < pEnd && si < sEnd) {
    const c = p[pi]!;
    if (c === 0x2a /* * */) {
      while (pi < pEnd && at(pi + 1) === 0x2a) pi++;
      if (pEnd - pi === 1) return true;
      while (si < sEnd) {
        if (match(p, pi + 1, pEnd, s, si, sEnd, skip)) return true;
        if (skip.longer) return false;
        si++;
      }
      // No match for the rest from anywhere later: longer matches of earlier stars cannot help.
      skip.longer = true;
      return false;
    } else if (c === 0x3f /* ? */) {
      si++;
    } else if (c === 0x5b /* [ */) {
      pi++;
      const not = at(pi) === 0x5e; /* ^ */
      if (not) pi++;
      let matched = false;
      const sc = s[si]!;
      for (;;) {
        const pc = at(pi);
        if (pc === 0x5c && pEnd - pi >= 2) {
          pi++;
          if (at(pi) === sc) matched = true;
        } else if (pc === 0x5d /* ] */) {
          break;
        } else if (pi >= pEnd) {
          pi--;
          break;
        } else if (pEnd - pi >= 3 && at(pi + 1) === 0x2d /* - */) {
          let lo = signed(at(pi));
          let hi = signed(at(pi + 2));
          if (lo > hi) [lo, hi] = [hi, lo];
          const x = signed(sc);
          pi += 2;
          if (x >= lo && x <= hi) matched = true;
        } else if (pc === sc) {
          matched = true;
        }
        pi++;
      }
      if (not) matched = !matched;
      if (!matched) return false;
      si++;
    } else {
      if (c === 0x5c /* \ */ && pEnd - pi >= 2) pi++;
      if (at(pi) !== s[si]) return false;
      si++;
    }
    pi++;
    if (si >= sEnd) {
      while (pi < pEnd && p[pi] === 0x2a) pi++;
      break;
    }
  }
  return pi >= pEnd && si >= sEnd;
}
