import type { KeyClient } from '../redis/target';
import { CORE_TYPES } from './key-types';

/** TYPE/PTTL/MEMORY USAGE of one page of keys, and the keyspace hits/misses reading them cost. */
export interface PageMeta {
  keys: Buffer[];
  /** Per key: its type, or null when it vanished (expired/evicted/deleted) or could not be read. */
  types: (string | null)[];
  pttl: Float64Array;
  /** MEMORY USAGE, -1 when not read. */
  bytes: Float64Array;
  estimated: Uint8Array;
  hits: number;
  misses: number;
  /**
   * The other commands the page ran on the server (MEMORY USAGE calls, the EVALSHA): with one per
   * hit or miss, what Cachescope's reading cost in the server's ops, so the dashboard leaves it out.
   */
  calls: number;
  /** Keys the server refused to read (ACL key patterns). */
  denied: number;
  /** Keys this node no longer served when read (their cluster slot moved away): not read. */
  unserved: number;
  /** MEMORY USAGE was refused (ACL, renamed): sizes are unknown. */
  memoryDenied: boolean;
  /** ms epoch when the reply arrived (PTTL is relative to about then). */
  at: number;
}

export interface SizePolicy {
  withMemory: boolean;
  /** Bytes of aggregates one call may measure with SAMPLES 0. */
  exactBudget: number;
  /** An aggregate whose sampled size is at least this keeps the estimate. */
  exactBelow: number;
}

export const DEFAULT_SIZES: Omit<SizePolicy, 'withMemory'> = { exactBudget: 1024 * 1024, exactBelow: 256 * 1024 };

function emptyPage(keys: Buffer[]): PageMeta {
  const n = keys.length;
  return {
    keys,
    types: new Array<string | null>(n).fill(null),
    pttl: new Float64Array(n).fill(-2),
    bytes: new Float64Array(n).fill(-1),
    estimated: new Uint8Array(n),
    hits: 0,
    misses: 0,
    calls: 0,
    denied: 0,
    unserved: 0,
    memoryDenied: false,
    at: 0,
  };
}

const asNumber = (v: unknown): number => (typeof v === 'number' ? v : Number(Buffer.isBuffer(v) ? v.toString() : v));

/** Parse the page script's reply (see page-script.ts) and count the hits/misses its reads made. */
export function parseScriptReply(keys: Buffer[], reply: unknown): PageMeta {
  if (!Array.isArray(reply) || reply.length !== 1 + keys.length * 2) throw new Error(`Unexpected page script reply (${Array.isArray(reply) ? reply.length : typeof reply})`);
  const page = emptyPage(keys);
  page.memoryDenied = asNumber(reply[0]) === 1;
  page.calls = 1; // the EVALSHA itself; the script's TYPE and PTTL are the hits and misses
  for (let i = 0; i < keys.length; i++) {
    const b = 1 + i * 2;
    const outcome = reply[b + 1];
    if (typeof outcome !== 'number') {
      // A module type: "<name> <size> <estimated>".
      const [type, size, est] = (Buffer.isBuffer(outcome) ? outcome.toString('utf8') : String(outcome)).split(' ');
      page.hits += 2;
      page.types[i] = type ?? null;
      page.pttl[i] = asNumber(reply[b]);
      page.bytes[i] = Number(size ?? -1);
      page.estimated[i] = est === '1' ? 1 : 0;
    } else if (outcome === 0) page.misses++;
    else if (outcome === -1) page.denied++;
    else if (outcome === -4) page.unserved++;
    else if (outcome === -2) {
      page.hits++;
      page.denied++;
    } else if (outcome === -3) {
      page.hits++;
      page.misses++;
    } else {
      page.hits += 2;
      const low = outcome % 16;
      page.types[i] = CORE_TYPES[(low >> 1) - 1] ?? null;
      page.estimated[i] = low & 1;
      page.bytes[i] = (outcome - low) / 16 - 1;
      page.pttl[i] = asNumber(reply[b]);
    }
    // A size read is one MEMORY USAGE; an aggregate measured exactly took a second (SAMPLES 0).
    if (page.bytes[i]! >= 0) page.calls += page.types[i] !== 'string' && page.estimated[i] === 0 ? 2 : 1;
  }
  page.at = Date.now();
  return page;
}

/** A Redis error reply (as opposed to a lost connection). */
export function isReplyError(e: unknown): e is Error {
  return e instanceof Error && e.name === 'ReplyError';
}

const memoryRefused = (e: Error) => /NOPERM|unknown command|unknown subcommand/i.test(e.message);
const isDenied = (e: Error) => isReplyError(e) && /^NOPERM/.test(e.message);
/** A cluster node's answer for a key whose slot it does not serve now: the read did not run. */
const isUnserved = (e: Error) => isReplyError(e) && /^(MOVED|ASK) /.test(e.message);

/** A cluster that cannot serve for now (down, a slot mid-migration): the page is to be read again later. */
export const isClusterTransient = (e: unknown): boolean => isReplyError(e) && /^(CLUSTERDOWN|TRYAGAIN)\b/.test(e.message);

/**
 * The same reads as the script with plain pipelines (for servers that deny scripting):
 * TYPE, PTTL, MEMORY USAGE per key in one round trip, then `SAMPLES 0` for the small
 * aggregates in a second one (within the same budget as the script).
 */
export async function pipelinePage(node: KeyClient, keys: Buffer[], sizes: SizePolicy): Promise<PageMeta> {
  const page = emptyPage(keys);
  const pipe = node.pipeline();
  for (const k of keys) {
    pipe.type(k);
    pipe.pttl(k);
    if (sizes.withMemory) pipe.call('MEMORY', 'USAGE', k);
  }
  const replies = (await pipe.exec()) ?? [];
  const per = sizes.withMemory ? 3 : 2;
  const exact: number[] = [];
  let budget = sizes.exactBudget;
  for (let i = 0; i < keys.length; i++) {
    const [typeErr, type] = replies[i * per] ?? [new Error('no reply'), null];
    const [ttlErr, ttl] = replies[i * per + 1] ?? [new Error('no reply'), null];
    if (typeErr) {
      // A key the ACL hides is refused before the server looks (not counted), so is one whose
      // slot this cluster node no longer serves; anything else (LOADING, a lost connection…)
      // fails the page.
      if (isUnserved(typeErr)) {
        page.unserved++;
        continue;
      }
      if (!isDenied(typeErr)) throw typeErr;
      page.denied++;
    } else if (type === 'none') page.misses++;
    else page.hits++;
    if (ttlErr) {
      if (!isDenied(ttlErr) && !isUnserved(ttlErr)) throw ttlErr;
    } else if (ttl === -2) page.misses++;
    else page.hits++;
    if (typeErr || ttlErr || type === 'none' || ttl === -2) continue;
    page.types[i] = String(type);
    page.pttl[i] = Number(ttl);
    if (!sizes.withMemory) continue;
    const [memErr, mem] = replies[i * per + 2] ?? [new Error('no reply'), null];
    if (memErr) {
      if (isReplyError(memErr) && memoryRefused(memErr)) page.memoryDenied = true;
      continue;
    }
    if (typeof mem !== 'number') continue;
    page.bytes[i] = mem;
    if (type !== 'string') {
      page.estimated[i] = 1;
      if (mem < sizes.exactBelow && mem <= budget) {
        exact.push(i);
        budget -= mem;
      }
    }
  }
  // Every key's MEMORY USAGE was sent (refused ones are not counted by the server: a floor), and each exact size's.
  page.calls = (sizes.withMemory ? keys.length : 0) + exact.length;
  if (exact.length > 0) {
    const second = node.pipeline();
    for (const i of exact) second.call('MEMORY', 'USAGE', keys[i]!, 'SAMPLES', '0');
    const sized = (await second.exec()) ?? [];
    exact.forEach((i, j) => {
      const [err, mem] = sized[j] ?? [new Error('no reply'), null];
      // The key may have gone since the first round trip: keep the estimate then.
      if (!err && typeof mem === 'number') {
        page.bytes[i] = mem;
        page.estimated[i] = 0;
      }
    });
  }
  page.at = Date.now();
  return page;
}
