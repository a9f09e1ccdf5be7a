import type { FolderRow, KeyRow } from '../../../shared/contract/keyspace';
import { toWire } from '../keys/wire-bytes';
import { NO_EXPIRY, UNKNOWN_SIZE, type KeyIndex } from './key-index';

/** A key row for the renderer; `nameFrom` bytes of the key are the parent folder's prefix. */
export function keyRow(index: KeyIndex, slot: number, nameFrom: number, now: number): KeyRow {
  const key = index.nameView(slot);
  const exp = index.expiresAt[slot]!;
  const bytes = index.bytes[slot]!;
  return {
    kind: 'key',
    key: toWire(key),
    name: nameFrom > 0 ? toWire(key.subarray(nameFrom)) : toWire(key),
    type: index.typeName(slot),
    ttlMs: exp === NO_EXPIRY ? null : Math.round(exp - now),
    bytes: bytes === UNKNOWN_SIZE ? null : bytes,
    bytesEstimated: index.estimated(slot),
  };
}

export function folderRow(prefix: Buffer, parentLen: number, delimiterLen: number, stats: Omit<FolderRow, 'kind' | 'prefix' | 'name'>): FolderRow {
  return {
    kind: 'folder',
    prefix: toWire(prefix),
    name: toWire(prefix.subarray(parentLen, prefix.length - delimiterLen)),
    ...stats,
  };
}
