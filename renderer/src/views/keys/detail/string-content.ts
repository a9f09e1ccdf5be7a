import type { StringPage } from '../../../../../shared/contract/key-detail';
import type { WireBytes } from '../../../../../shared/contract/keys';
import { jsonKind, wireToBytes } from '../../../../../shared/value-view';

export type StringMode = 'text' | 'json' | 'hex';

export interface StringContent {
  /** Every byte fetched so far (the prefix of the value). */
  raw: Uint8Array;
  /** What the text and JSON views show: the inflated text of a gzip value, else the raw bytes as UTF-8; null when binary. */
  text: string | null;
  json: 'json' | 'json-prefix' | null;
  /** The text views show inflated gzip content. */
  inflated: boolean;
  modes: StringMode[];
}

const strict = new TextDecoder('utf-8', { fatal: true });

function concat(chunks: WireBytes[]): Uint8Array {
  const parts = chunks.map(wireToBytes);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function asText(bytes: Uint8Array): string | null {
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * What the fetched pages of a string hold and which views fit: JSON when the text is JSON (or
 * the start of it), text when it is UTF-8, hex always. A gzip value (bytes `1f 8b`) shows its
 * inflated content in the text views; hex keeps showing the stored bytes.
 */
export function stringContent(first: StringPage, chunks: WireBytes[]): StringContent {
  const raw = concat(chunks);
  const gz = first.gzip?.inflated;
  const text = gz ? ('utf8' in gz ? gz.utf8 : asText(wireToBytes(gz))) : chunks.every((c) => 'utf8' in c) ? chunks.map((c) => ('utf8' in c ? c.utf8 : '')).join('') : asText(raw);
  const json = text === null ? null : jsonKind(text);
  const modes: StringMode[] = [...(json ? (['json'] as const) : []), ...(text !== null ? (['text'] as const) : []), 'hex'];
  return { raw, text, json, inflated: !!gz, modes };
}
