/**
 * Which key segments look like ids, so the report can group `user:42:profile` and
 * `user:43:profile` into one namespace `user:*:`. Conservative on purpose: a segment is
 * id-like only when it is
 *   - all digits (`42`, `1700000000`);
 *   - a UUID, 8-4-4-4-12 hex digits (either case);
 *   - 16 or more hex digits (`5f2b9c0d1e3a4b6c`, hashes);
 *   - 12 or more characters of `[A-Za-z0-9_-]` with at least one digit (`sess_ab12cd34ef56`,
 *     base62/nanoid tokens);
 *   - a dotted-quad IPv4 address, each part 0-255 (`10.0.0.1`).
 * Not id-like: short words and versions (`v1`, `list`, `api`), words without digits however
 * long (`notifications_queue`), anything holding other punctuation (`page=2`, `[2024]`), the
 * empty segment. Works on raw bytes: no allocation.
 */
export function isIdSegment(b: Uint8Array, start: number, end: number): boolean {
  const n = end - start;
  if (n <= 0) return false;
  let digits = 0;
  let hex = 0;
  let word = 0; // [A-Za-z0-9_-]
  let dots = 0;
  let dashes = 0;
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c >= 0x30 && c <= 0x39) {
      digits++;
      hex++;
      word++;
    } else if ((c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) {
      hex++;
      word++;
    } else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f) word++;
    else if (c === 0x2d) {
      dashes++;
      word++;
    } else if (c === 0x2e) dots++;
    else return false;
  }
  if (digits === n) return true;
  if (hex === n && n >= 16) return true;
  if (n === 36 && dashes === 4 && hex === 32 && isUuidShape(b, start)) return true;
  if (word === n && n >= 12 && digits > 0) return true;
  if (dots === 3 && digits + dots === n) return isIpv4(b, start, end);
  return false;
}

function isUuidShape(b: Uint8Array, start: number): boolean {
  return b[start + 8] === 0x2d && b[start + 13] === 0x2d && b[start + 18] === 0x2d && b[start + 23] === 0x2d;
}

/** Only digits and exactly three dots (checked by the caller): four parts of 1-3 digits, each <= 255. */
function isIpv4(b: Uint8Array, start: number, end: number): boolean {
  let len = 0;
  let value = 0;
  for (let i = start; i <= end; i++) {
    if (i === end || b[i] === 0x2e) {
      if (len === 0 || len > 3 || value > 255) return false;
      len = 0;
      value = 0;
    } else {
      len++;
      value = value * 10 + (b[i]! - 0x30);
    }
  }
  return true;
}

/** Bytes that are special in a Redis glob (SCAN MATCH): `*`, `?`, `[`, `]`, `\`. */
export function isGlobByte(c: number): boolean {
  return c === 0x2a || c === 0x3f || c === 0x5b || c === 0x5d || c === 0x5c;
}

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }

/**
 * A hash-tag segment whose tag names an entity — `{u1000}`, `{user:42}` in
 * `user:{user:42}:profile` — collapses like an id (to `{*}`): on a cluster such tags put each
 * entity's keys in one slot, so there is one per user, order, tenant… The segment is the whole
 * `{…}` (it may hold the delimiter), followed by the delimiter; the tag is non-empty, without
 * braces, and has a digit (`{app}` or `{tenant-a}`, one constant tag, stay literal).
 * Returns where the delimiter after `}` starts, or -1 when the segment at `start` is not one.
 */
export function tagSegmentEnd(b: Uint8Array, start: number, end: number, delimiter: Uint8Array): number {
  if (b[start] !== OPEN) return -1;
  let digits = 0;
  for (let i = start + 1; i < end; i++) {
    const c = b[i]!;
    if (c === OPEN) return -1;
    if (c === CLOSE) {
      if (i === start + 1 || digits === 0 || !startsWithAt(b, i + 1, end, delimiter)) return -1;
      return i + 1;
    }
    if (c >= 0x30 && c <= 0x39) digits++;
  }
  return -1;
}

function startsWithAt(b: Uint8Array, at: number, end: number, p: Uint8Array): boolean {
  if (p.length === 0 || at + p.length > end) return false;
  for (let k = 0; k < p.length; k++) if (b[at + k] !== p[k]) return false;
  return true;
}

/** Paging parameters: the number after them is a page or a size, not an entity (issue 17). */
const PARAM_WORDS = ['page', 'limit', 'offset', 'per_page', 'page_size', 'pagesize'].map((w) => Buffer.from(w));

/**
 * Whether the segment starting at `start` follows a paging word (`page:3`, `limit:20`): such a
 * number is one of a few values (`page:1..5`), and a folder per value tells them apart, where
 * one `*` would hide that pages 1 to 5 are cached and 6 is not. `keyStart` bounds the look-back.
 */
export function followsParamWord(b: Uint8Array, keyStart: number, start: number, delimiter: Uint8Array): boolean {
  const dStart = start - delimiter.length;
  if (delimiter.length === 0 || dStart <= keyStart) return false;
  for (let k = 0; k < delimiter.length; k++) if (b[dStart + k] !== delimiter[k]) return false;
  for (const w of PARAM_WORDS) {
    const wStart = dStart - w.length;
    if (wStart < keyStart) continue;
    let same = true;
    for (let k = 0; k < w.length && same; k++) {
      const c = b[wStart + k]!;
      same = (c >= 0x41 && c <= 0x5a ? c | 0x20 : c) === w[k];
    }
    if (!same) continue;
    // The word is a whole segment: at the key's start or right after a delimiter.
    if (wStart === keyStart || endsWithAt(b, keyStart, wStart, delimiter)) return true;
  }
  return false;
}

function endsWithAt(b: Uint8Array, keyStart: number, at: number, p: Uint8Array): boolean {
  if (at - p.length < keyStart) return false;
  for (let k = 0; k < p.length; k++) if (b[at - p.length + k] !== p[k]) return false;
  return true;
}

/** `isIdSegment`, except a number after a paging word (`page:2`): the rule the tree, its folder paths and the analysis share. */
export function isIdSegmentIn(b: Uint8Array, keyStart: number, start: number, end: number, delimiter: Uint8Array): boolean {
  return isIdSegment(b, start, end) && !followsParamWord(b, keyStart, start, delimiter);
}
