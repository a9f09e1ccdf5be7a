/**
 * Pure helpers for showing a value page: bytes from the wire, JSON detection and a
 * pretty-printer that also works on a truncated prefix, and hex dump lines. No Node or DOM
 * APIs beyond TextDecoder/atob, so the renderer and main can both use them.
 */
import type { WireBytes } from './contract/keys';

export function wireToBytes(wire: WireBytes): Uint8Array {
  if ('utf8' in wire) return new TextEncoder().encode(wire.utf8);
  const bin = atob(wire.base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The text a wire value holds, or null when it is binary (not UTF-8). */
export function wireText(wire: WireBytes): string | null {
  return 'utf8' in wire ? wire.utf8 : null;
}

// ---------------------------------------------------------------- JSON

type Token = { kind: 'open' | 'close' | 'colon' | 'comma' | 'string' | 'literal'; text: string; complete: boolean };

/** Split JSON text into tokens, keeping every string and number exactly as written. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      i++;
    } else if (c === '{' || c === '[') {
      tokens.push({ kind: 'open', text: c, complete: true });
      i++;
    } else if (c === '}' || c === ']') {
      tokens.push({ kind: 'close', text: c, complete: true });
      i++;
    } else if (c === ':' || c === ',') {
      tokens.push({ kind: c === ':' ? 'colon' : 'comma', text: c, complete: true });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const complete = j < text.length;
      tokens.push({ kind: 'string', text: text.slice(i, complete ? j + 1 : text.length), complete });
      i = complete ? j + 1 : text.length;
    } else {
      let j = i;
      while (j < text.length && !/[\s{}[\]:,"]/.test(text[j]!)) j++;
      tokens.push({ kind: 'literal', text: text.slice(i, j), complete: j < text.length });
      i = j;
    }
  }
  return tokens;
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const NUMBER_PREFIX = /^-?(0|[1-9]\d*)?(\.\d*)?([eE][+-]?\d*)?$/;

function literalOk(t: Token, atEnd: boolean): boolean {
  if (t.text === 'true' || t.text === 'false' || t.text === 'null' || NUMBER.test(t.text)) return true;
  // The last token of a prefix may be a literal cut short: "tr", "12.", "-".
  return atEnd && (NUMBER_PREFIX.test(t.text) || ['true', 'false', 'null'].some((w) => w.startsWith(t.text)));
}

/**
 * Whether tokens form valid JSON (`whole`) or a valid beginning of JSON (a prefix cut
 * anywhere). A small pushdown check, so a 64 KiB prefix of a 20 MB document is recognised.
 */
function structure(tokens: Token[]): 'whole' | 'prefix' | 'invalid' {
  const stack: ('{' | '[')[] = [];
  // What may come next: a value, an object key, ':' , ',' or a close.
  let expect: 'value' | 'key' | 'key-or-close' | 'value-or-close' | 'colon' | 'comma-or-close' | 'end' = 'value';
  for (let n = 0; n < tokens.length; n++) {
    const t = tokens[n]!;
    const last = n === tokens.length - 1;
    if (t.kind === 'string' && !t.complete && !last) return 'invalid';
    const afterValue = () => (stack.length === 0 ? 'end' : 'comma-or-close');
    switch (expect) {
      case 'end':
        return 'invalid';
      case 'colon':
        if (t.kind !== 'colon') return 'invalid';
        expect = 'value';
        break;
      case 'key':
      case 'key-or-close':
        if (t.kind === 'close' && t.text === '}' && expect === 'key-or-close') {
          stack.pop();
          expect = afterValue();
        } else if (t.kind === 'string') expect = 'colon';
        else return 'invalid';
        break;
      case 'comma-or-close':
        // After a comma a key or value must follow, never a close ("[1,]" is not JSON).
        if (t.kind === 'comma') expect = stack[stack.length - 1] === '{' ? 'key' : 'value';
        else if (t.kind === 'close' && t.text === (stack[stack.length - 1] === '{' ? '}' : ']')) {
          stack.pop();
          expect = afterValue();
        } else return 'invalid';
        break;
      case 'value':
      case 'value-or-close':
        if (t.kind === 'open') {
          stack.push(t.text as '{' | '[');
          expect = t.text === '{' ? 'key-or-close' : 'value-or-close';
        } else if (t.kind === 'close' && expect === 'value-or-close' && t.text === ']') {
          stack.pop();
          expect = afterValue();
        } else if (t.kind === 'string') expect = afterValue();
        else if (t.kind === 'literal' && literalOk(t, last)) expect = afterValue();
        else return 'invalid';
        break;
    }
  }
  const lastToken = tokens[tokens.length - 1];
  const cut = lastToken ? !lastToken.complete && (lastToken.kind === 'string' || lastToken.kind === 'literal') : false;
  if (expect === 'end' && !cut) return 'whole';
  return tokens.length > 0 ? 'prefix' : 'invalid';
}

/**
 * `json` for a whole JSON object or array; `json-prefix` for text that is the beginning of
 * one (a truncated page); null otherwise. Bare scalars ("42", "\"x\"") are not worth a JSON view.
 */
export function jsonKind(text: string): 'json' | 'json-prefix' | null {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return null;
  const s = structure(tokenize(text));
  return s === 'whole' ? 'json' : s === 'prefix' ? 'json-prefix' : null;
}

export interface JsonLine {
  /** Nesting depth: indent by this many levels. */
  depth: number;
  text: string;
  /** On a line that opens an object/array: the index of its closing line, or null when the text ends first. */
  closesAt?: number | null;
}

/**
 * Pretty-print JSON (or a prefix of it) one line per member, keeping strings and numbers
 * byte-for-byte (JSON.parse would round 12345678901234567890). Opening lines carry
 * `closesAt`, which is what a collapsible view needs.
 */
export function formatJsonLines(text: string): JsonLine[] {
  const tokens = tokenize(text);
  const lines: JsonLine[] = [];
  const open: number[] = []; // indexes of the lines whose opener is not closed yet
  const line = (depth: number): JsonLine => {
    const l: JsonLine = { depth, text: '' };
    lines.push(l);
    return l;
  };
  for (let n = 0; n < tokens.length; n++) {
    const t = tokens[n]!;
    const cur = lines[lines.length - 1] ?? line(0);
    if (t.kind === 'open') {
      const next = tokens[n + 1];
      if (next?.kind === 'close') {
        cur.text += t.text + next.text; // {} and [] stay on one line
        n++;
        continue;
      }
      cur.text += t.text;
      cur.closesAt = null;
      open.push(lines.length - 1);
      line(open.length);
    } else if (t.kind === 'close') {
      const opener = open.pop();
      const closing = cur.text === '' ? cur : line(open.length);
      closing.depth = open.length;
      closing.text += t.text;
      if (opener !== undefined) lines[opener]!.closesAt = lines.length - 1;
    } else if (t.kind === 'comma') {
      cur.text += ',';
      line(open.length);
    } else if (t.kind === 'colon') {
      cur.text += ': ';
    } else {
      cur.text += t.text;
    }
  }
  // A prefix ending right after an opener or comma leaves an empty last line.
  if (lines.length > 0 && lines[lines.length - 1]!.text === '') lines.pop();
  return lines;
}

export function formatJson(text: string, indent = '  '): string {
  return formatJsonLines(text)
    .map((l) => indent.repeat(l.depth) + l.text)
    .join('\n');
}

// ---------------------------------------------------------------- hex

export interface HexLine {
  /** Offset of the line's first byte, hex, at least 8 digits. */
  offset: string;
  /** Bytes as hex pairs, an extra space after the eighth. */
  hex: string;
  /** Printable ASCII, '.' for everything else. */
  ascii: string;
}

/** Classic hex dump lines; `baseOffset` is where these bytes start in the value (for load-more pages). */
export function hexDumpLines(bytes: Uint8Array, baseOffset = 0, width = 16): HexLine[] {
  const lines: HexLine[] = [];
  for (let i = 0; i < bytes.length; i += width) {
    const row = bytes.subarray(i, i + width);
    let hex = '';
    let ascii = '';
    row.forEach((b, j) => {
      hex += (j === 0 ? '' : j === 8 ? '  ' : ' ') + b.toString(16).padStart(2, '0');
      ascii += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
    });
    lines.push({ offset: (baseOffset + i).toString(16).padStart(8, '0'), hex, ascii });
  }
  return lines;
}
