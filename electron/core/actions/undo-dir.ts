import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { UndoFileInfo } from '../../../shared/contract';
import { CoreError } from '../errors';
import { metaFile, readUndoHeader, type UndoMeta } from './undo-file';

const NAME = /^[A-Za-z0-9._-]{1,200}\.undo\.ndjson$/;

export function isUndoFileName(name: string): boolean {
  return NAME.test(name);
}

export function undoDir(dataDir: string): string {
  return path.join(dataDir, 'undo');
}

/** A new file name: sortable by time, unique by job. */
export function newUndoFileName(jobId: string, now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${jobId.slice(0, 8)}.undo.ndjson`;
}

/**
 * The path of an undo file named by a caller. Only bare names inside the undo folder are
 * accepted: a crafted message cannot make the core read any other file.
 */
export function undoPath(dataDir: string, name: string): string {
  if (!NAME.test(name) || name.includes('..')) throw new CoreError('BAD_REQUEST', `Not an undo file name: ${JSON.stringify(name)}`);
  return path.join(undoDir(dataDir), name);
}

async function readMeta(file: string): Promise<UndoMeta | null> {
  try {
    return JSON.parse(await fs.readFile(metaFile(file), 'utf8')) as UndoMeta;
  } catch {
    return null;
  }
}

/** The entry count the writer recorded beside an undo file; null without a readable sidecar. */
export async function undoEntriesOf(file: string): Promise<number | null> {
  const meta = await readMeta(file);
  return typeof meta?.entries === 'number' ? meta.entries : null;
}

/** The undo files in the data folder, newest first (optionally of one connection). */
export async function listUndoFiles(dataDir: string, connectionId?: string): Promise<UndoFileInfo[]> {
  let names: string[];
  try {
    names = await fs.readdir(undoDir(dataDir));
  } catch {
    return [];
  }
  const out: UndoFileInfo[] = [];
  for (const name of names.filter(isUndoFileName).sort().reverse()) {
    const file = path.join(undoDir(dataDir), name);
    const header = await readUndoHeader(file).catch(() => null);
    if (!header || (connectionId !== undefined && header.connectionId !== connectionId)) continue;
    const stat = await fs.stat(file).catch(() => null);
    if (!stat) continue; // pruned since the folder was read
    const meta = await readMeta(file);
    out.push({
      file: name,
      createdAt: header.createdAt,
      connectionId: header.connectionId,
      connectionName: header.connectionName,
      server: header.server,
      ...(header.nodes ? { nodes: header.nodes } : {}),
      db: header.db,
      description: header.description,
      entries: meta?.entries ?? null,
      bytes: stat.size,
      complete: meta?.complete ?? false,
    });
  }
  return out;
}
