import { Glob } from './glob';
import type { KeyIndex } from './key-index';

/** Glob and type filters applied to index slots (the browser's filters; SCAN MATCH semantics). */
export interface KeyFilter {
  glob: Glob | null;
  /** Type code to keep; -1 for a type the index has never seen (nothing matches). Null = any. */
  typeCode: number | null;
  /** Stable text identifying the filter, for caches. */
  id: string;
}

export function makeFilter(index: KeyIndex, match: Buffer | null, type: string | null): KeyFilter {
  const glob = match && !(match.length === 1 && match[0] === 0x2a) ? new Glob(match) : null;
  let typeCode: number | null = null;
  if (type) {
    // Look the name up without adding it: an unknown type simply matches nothing.
    typeCode = -1;
    for (let c = 1; c < index.typeTable.size; c++) if (index.typeTable.name(c) === type) typeCode = c;
  }
  return { glob, typeCode, id: `${glob ? match!.toString('base64') : ''}|${type ?? ''}` };
}

export function passes(index: KeyIndex, filter: KeyFilter, i: number): boolean {
  if (filter.typeCode !== null && index.types[i] !== filter.typeCode) return false;
  return filter.glob === null || filter.glob.matches(index.arena, index.offsets[i]!, index.offsets[i + 1]!);
}
