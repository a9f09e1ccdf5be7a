import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AuditEntry } from '../../shared/contract';

/**
 * Every line of a data folder's audit log as written — started, progress and end lines apart,
 * not folded as `audit.list` shows them — so a test can see what a killed process left behind.
 */
export function rawAuditLines(dataDir: string): AuditEntry[] {
  const file = path.join(dataDir, 'audit.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEntry);
}
