import type { WireBytes } from '../../../../shared/contract/keys';
import { wireToBytes } from '../../../../shared/value-view';

/**
 * Key names for people: a Redis key is bytes (DESIGN.md invariant 3), so every name shown is
 * an exact, one-line rendering — control characters and non-UTF-8 bytes as escapes — and the
 * wire value, never the shown text, is what goes back to the core.
 */

const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function hex(b: number): string {
  return `\\x${b.toString(16).padStart(2, '0')}`;
}

/** True when the name is not valid UTF-8 (it travels as base64). */
export function isBinary(w: WireBytes): boolean {
  return 'base64' in w;
}

/**
 * One line of text naming these bytes: UTF-8 text with control characters escaped (`\n`,
 * `\x00`); for binary names printable ASCII as is and every other byte as `\xNN` (a backslash
 * too, so the escapes stay unambiguous), like the CLI's displayBytes.
 */
export function displayName(w: WireBytes): string {
  if ('utf8' in w) {
    return w.utf8.replace(/[\u0000-\u001f\u007f]/g, (c) => CONTROL_ESCAPES[c] ?? hex(c.charCodeAt(0)));
  }
  let out = '';
  for (const b of wireToBytes(w)) out += b >= 0x20 && b < 0x7f && b !== 0x5c ? String.fromCharCode(b) : hex(b);
  return out;
}

/**
 * A name as it is drawn: runs of literal text, and escapes — a control byte as its Unicode
 * control picture (`␊` for a newline), a byte that is not UTF-8 (and, in such a name, a
 * backslash) as `\xNN` — drawn as a chip in another style. So `nl\nkey:1` with a real newline
 * (`nl␊key:1`) and with a backslash and an n (`nl\nkey:1`) never look alike. Copying still
 * uses `displayName`, the form Go to key parses.
 */
export type NamePart = { text: string } | { escape: string; title: string };

const CONTROL_WORDS: Record<number, string> = { 0: 'NUL', 9: 'tab', 10: 'newline', 13: 'carriage return', 27: 'escape', 127: 'DEL' };

function controlPart(code: number): NamePart {
  const hexCode = `0x${code.toString(16).padStart(2, '0')}`;
  const word = CONTROL_WORDS[code];
  return { escape: String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code), title: `control byte ${hexCode}${word ? ` (${word})` : ''}` };
}

function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f;
}

export function nameParts(w: WireBytes): NamePart[] {
  const parts: NamePart[] = [];
  let run = '';
  const push = (p: NamePart) => {
    if (run) parts.push({ text: run });
    run = '';
    parts.push(p);
  };
  if ('utf8' in w) {
    for (const ch of w.utf8) {
      const code = ch.codePointAt(0)!;
      if (isControl(code)) push(controlPart(code));
      else run += ch;
    }
  } else {
    for (const b of wireToBytes(w)) {
      if (isControl(b)) push(controlPart(b));
      else if (b < 0x7f && b !== 0x5c) run += String.fromCharCode(b);
      else push({ escape: hex(b), title: b === 0x5c ? 'a backslash (0x5c)' : `byte 0x${b.toString(16).padStart(2, '0')} (not UTF-8)` });
    }
  }
  if (run) parts.push({ text: run });
  return parts;
}

/** The drawn name as plain text (tooltips, aria): escapes as their glyphs. */
export function shownName(w: WireBytes): string {
  return nameParts(w)
    .map((p) => ('text' in p ? p.text : p.escape))
    .join('');
}

/** A string identity for maps and React keys: distinct bytes, distinct ids. */
export function wireId(w: WireBytes): string {
  return 'utf8' in w ? `u:${w.utf8}` : `b:${w.base64}`;
}

export function sameWire(a: WireBytes | null | undefined, b: WireBytes | null | undefined): boolean {
  if (!a || !b) return a === b;
  return wireId(a) === wireId(b);
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** Bytes as they travel: `{ utf8 }` when valid UTF-8 that re-encodes identically, else `{ base64 }`. */
export function bytesToWire(bytes: Uint8Array): WireBytes {
  try {
    const text = strict.decode(bytes);
    const back = new TextEncoder().encode(text);
    if (back.length === bytes.length && back.every((b, i) => b === bytes[i])) return { utf8: text };
  } catch {
    // not UTF-8
  }
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return { base64: btoa(bin) };
}

/**
 * The bytes a typed name stands for when it uses the escapes `displayName` shows (`\xff`, `\n`,
 * `\r`, `\t`, `\\`); null when the text has none (then it is meant literally).
 */
export function parseEscapes(text: string): WireBytes | null {
  if (!/\\(x[0-9a-fA-F]{2}|[nrt\\])/.test(text)) return null;
  const out: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const next = text[i + 1];
      const m = /^x([0-9a-fA-F]{2})/.exec(text.slice(i + 1, i + 4));
      if (m) {
        out.push(parseInt(m[1]!, 16));
        i += 3;
        continue;
      }
      const simple = next === 'n' ? 10 : next === 'r' ? 13 : next === 't' ? 9 : next === '\\' ? 0x5c : null;
      if (simple !== null) {
        out.push(simple);
        i += 1;
        continue;
      }
    }
    // Whole code points: a surrogate pair must not be split.
    const cp = text.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    out.push(...enc.encode(ch));
    if (ch.length === 2) i++;
  }
  return bytesToWire(Uint8Array.from(out));
}

/** The bytes of `w` without its first `n` bytes (a folded prefix). */
export function dropPrefix(w: WireBytes, prefix: WireBytes | null): WireBytes | null {
  if (!prefix) return null;
  const all = wireToBytes(w);
  const p = wireToBytes(prefix);
  if (p.length === 0 || p.length > all.length) return null;
  for (let i = 0; i < p.length; i++) if (all[i] !== p[i]) return null;
  return bytesToWire(all.subarray(p.length));
}
