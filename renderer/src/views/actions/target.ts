import type { ActionTarget } from '../../../../shared/contract/actions';
import type { WireBytes } from '../../../../shared/contract/keys';
import { ACTION_THROTTLE, KEY_TYPE_NAMES, MAX_TARGET_KEYS } from '../../../../shared/contract/limits';
import { formatInteger } from '../../../../shared/format';
import { bytesToWire } from '../keys/key-names';

/**
 * What the target picker's fields mean on the wire. Keys are bytes (DESIGN.md invariant 3):
 * a line is taken literally as UTF-8, except that a `base64:` prefix carries raw bytes —
 * the only way to name a key that is not valid UTF-8 (or one with a newline) in a text box.
 */

export const TARGET_KINDS = ['prefix', 'pattern', 'keys', 'all'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const TARGET_LABELS: Record<TargetKind, string> = {
  prefix: 'Namespace',
  pattern: 'Pattern',
  keys: 'Keys',
  all: 'Everything',
};

/** Type filter choices; '' = any type. */
export const KEY_TYPES = ['', ...KEY_TYPE_NAMES] as const;

export interface TargetDraft {
  kind: TargetKind;
  prefix: string;
  pattern: string;
  /** One key per line. */
  keys: string;
  type: string;
}

export const EMPTY_DRAFT: TargetDraft = { kind: 'prefix', prefix: '', pattern: '', keys: '', type: '' };

/** The contract's limit on explicit keys per action. */
export const MAX_KEYS = MAX_TARGET_KEYS;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64_PREFIX = 'base64:';

/** One field's bytes: literal text, or `base64:…` for raw bytes. A string is the reason it is unusable. */
export function parseBytes(text: string): WireBytes | string {
  if (!text.startsWith(BASE64_PREFIX)) return { utf8: text };
  const b64 = text.slice(BASE64_PREFIX.length).trim();
  if (!BASE64.test(b64) || b64.length % 4 !== 0) return `"${text}" is not valid base64 after "base64:"`;
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    return `"${text}" is not valid base64 after "base64:"`;
  }
  return bytesToWire(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

export interface KeyLines {
  keys: WireBytes[];
  /** 1-based line numbers with the reason, for lines that cannot be used. */
  errors: { line: number; reason: string }[];
}

/**
 * A textarea of key names, one per line. Blank lines are skipped; a trailing `\r` (a file
 * pasted from Windows) is dropped, but other spaces are kept: they are part of the name.
 */
export function parseKeyLines(text: string): KeyLines {
  const out: KeyLines = { keys: [], errors: [] };
  const seen = new Set<string>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return;
    const parsed = parseBytes(line);
    if (typeof parsed === 'string') {
      out.errors.push({ line: i + 1, reason: parsed });
      return;
    }
    const id = 'utf8' in parsed ? `u${parsed.utf8}` : `b${parsed.base64}`;
    if (seen.has(id)) return; // the same key twice would be counted twice in the preview
    seen.add(id);
    out.keys.push(parsed);
  });
  return out;
}

/** The picker's fields as an ActionTarget, or the reason they do not make one yet. */
export function buildTarget(d: TargetDraft): { target: ActionTarget } | { error: string } {
  const type = d.type ? { type: d.type } : {};
  switch (d.kind) {
    case 'prefix': {
      if (d.prefix === '') return { error: 'Type a namespace prefix, e.g. report:2024: (use Everything to target every key).' };
      const prefix = parseBytes(d.prefix);
      return typeof prefix === 'string' ? { error: prefix } : { target: { kind: 'prefix', prefix, ...type } };
    }
    case 'pattern': {
      if (d.pattern === '') return { error: 'Type a glob pattern, e.g. meeting:*:42 or *:user-17.' };
      const pattern = parseBytes(d.pattern);
      return typeof pattern === 'string' ? { error: pattern } : { target: { kind: 'pattern', pattern, ...type } };
    }
    case 'keys': {
      const { keys, errors } = parseKeyLines(d.keys);
      if (errors.length > 0) return { error: `Line ${errors[0]!.line}: ${errors[0]!.reason}` };
      if (keys.length === 0) return { error: 'Type at least one key name, one per line.' };
      if (keys.length > MAX_KEYS) return { error: `At most ${formatInteger(MAX_KEYS)} keys at a time; use a namespace or a pattern for more.` };
      return { target: { kind: 'keys', keys, ...type } };
    }
    case 'all':
      return { target: { kind: 'all', ...type } };
  }
}

/** The throttle field: empty = as fast as the batches go; else the contract's bounds, keys examined per second. */
export function parseThrottle(text: string): number | undefined | string {
  const t = text.trim();
  if (t === '') return undefined;
  if (!/^\d+$/.test(t)) return 'The throttle is a whole number of keys per second.';
  const n = Number(t);
  if (n < ACTION_THROTTLE.min || n > ACTION_THROTTLE.max) return `The throttle is between ${formatInteger(ACTION_THROTTLE.min)} and ${formatInteger(ACTION_THROTTLE.max)} keys per second.`;
  return n;
}
