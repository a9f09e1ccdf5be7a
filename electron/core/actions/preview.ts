import { CoreError } from '../errors';
import { chunks, scanBatches } from './key-batches';
import { SCAN_COUNT, type ActionEnv } from './env';
import { existing, keepType, memoryOf, typesOf } from './reads';
import type { ResolvedTarget } from './target';

/** Up to this many keys in the db, the preview deduplicates names and counts exactly. */
export const SMALL_DB = 10_000;
export const SAMPLE_NAMES = 20;
/** Keys whose MEMORY USAGE is measured to extrapolate the bytes of a large match. */
const MEMORY_SAMPLE = 200;

export interface PreviewCounts {
  matched: number;
  matchedKind: 'exact' | 'counted';
  scanned: number;
  sample: Buffer[];
  bytes: number | null;
  bytesKind: 'exact' | 'estimated';
}

export interface PreviewHooks {
  signal?: AbortSignal;
  onProgress?: (scanned: number, matched: number) => void;
}

function checkCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CoreError('CANCELLED', 'The preview was cancelled.');
}

/** Count what a target would delete, with a sample of names and the memory it would free. */
export async function previewTarget(env: ActionEnv, target: ResolvedTarget, hooks: PreviewHooks = {}): Promise<PreviewCounts> {
  return target.kind === 'keys' ? previewKeys(env, target.keys, target.type) : previewScan(env, target.pattern, target.type, hooks);
}

async function previewKeys(env: ActionEnv, keys: Buffer[], type: string | undefined): Promise<PreviewCounts> {
  const present: Buffer[] = [];
  let bytes: number | null = 0;
  for (const batch of chunks(keys, SCAN_COUNT)) {
    let kept: Buffer[];
    if (type) {
      const types = await typesOf(env.client, batch, env.ledger);
      kept = batch.filter((_, i) => types[i] === type);
    } else kept = batch;
    // MEMORY USAGE tells existence for free; EXISTS (a counted read) only when MEMORY is refused.
    const memory = await memoryOf(env.client, kept);
    if (memory === null) {
      bytes = null;
      present.push(...(type ? kept : await existing(env.client, kept, env.ledger)));
    } else {
      kept.forEach((k, i) => {
        const m = memory[i];
        if (m === null || m === undefined) return;
        present.push(k);
        if (bytes !== null) bytes += m;
      });
    }
  }
  return { matched: present.length, matchedKind: 'exact', scanned: keys.length, sample: present.slice(0, SAMPLE_NAMES), bytes, bytesKind: 'exact' };
}

async function previewScan(env: ActionEnv, pattern: Buffer, type: string | undefined, hooks: PreviewHooks): Promise<PreviewCounts> {
  let dbsize = 0;
  for (const node of env.nodes) dbsize += Number(await node.dbsize());
  // Small db: remember names to drop SCAN's repeats and count exactly. Large: count as SCAN goes.
  let seen: Set<string> | null = dbsize <= SMALL_DB ? new Set() : null;
  let exactBytes: number | null = 0;
  let matched = 0;
  let scanned = 0;
  const sample: Buffer[] = [];
  const reservoir: Buffer[] = [];
  for (const node of env.nodes) {
    for await (const batch of scanBatches(node, pattern, SCAN_COUNT)) {
      checkCancelled(hooks.signal);
      scanned += batch.length;
      let keys = type ? await keepType(node, batch, type, env.ledger) : batch;
      if (seen) {
        const set = seen;
        keys = keys.filter((k) => {
          const id = k.toString('latin1');
          if (set.has(id)) return false;
          set.add(id);
          return true;
        });
        // The db grew a lot during the scan: stop remembering names, keep memory flat.
        if (set.size > 2 * SMALL_DB) seen = null;
        if (exactBytes !== null) {
          const memory = await memoryOf(node, keys);
          exactBytes = memory === null ? null : exactBytes + memory.reduce<number>((s, m) => s + (m ?? 0), 0);
        }
      }
      for (const k of keys) {
        matched++;
        if (sample.length < SAMPLE_NAMES) sample.push(k);
        // Reservoir sampling: a uniform sample of every match, in bounded memory.
        if (reservoir.length < MEMORY_SAMPLE) reservoir.push(k);
        else {
          const j = Math.floor(Math.random() * matched);
          if (j < MEMORY_SAMPLE) reservoir[j] = k;
        }
      }
      hooks.onProgress?.(scanned, matched);
    }
  }
  checkCancelled(hooks.signal);
  if (seen && exactBytes !== null) return { matched, matchedKind: 'exact', scanned, sample, bytes: exactBytes, bytesKind: 'exact' };
  return { matched, matchedKind: seen ? 'exact' : 'counted', scanned, sample, bytes: await extrapolate(env, reservoir, matched), bytesKind: 'estimated' };
}

async function extrapolate(env: ActionEnv, reservoir: Buffer[], matched: number): Promise<number | null> {
  if (reservoir.length === 0) return 0;
  const memory = await memoryOf(env.client, reservoir);
  if (memory === null) return null;
  const known = memory.filter((m): m is number => m !== null);
  if (known.length === 0) return 0;
  return Math.round((known.reduce((s, m) => s + m, 0) / known.length) * matched);
}
