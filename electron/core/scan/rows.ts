import type { FolderRow, FolderStats, KeyRow } from '../../../shared/contract/keyspace';
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

/** A folder row; `pattern` marks a collapsed folder (its prefix is a glob), `ids` how many ids its `*` stands for. */
export function folderRow(prefix: Buffer, name: Buffer, stats: FolderStats, pattern?: { ids?: number; leaf?: true }): FolderRow {
  return {
    kind: 'folder',
    prefix: toWire(prefix),
    name: toWire(name),
    ...(pattern ? { pattern: true as const, ...(pattern.ids !== undefined ? { ids: pattern.ids } : {}), ...(pattern.leaf ? { leaf: true as const } : {}) } : {}),
    ...stats,
  };
}
