import type Redis from 'ioredis';
import type { SlowlogData, SlowlogEntryView, SlowlogMark } from '../../../shared/contract';
import { shortenArgs } from './args';
import { configNumber } from './config-value';

/** New since the mark: a higher id, or a later time (the server restarted and its ids began again at 0). */
export function isNewSince(mark: SlowlogMark | null, id: number, ts: number): boolean {
  return mark === null || id > mark.id || ts > mark.ts;
}

/** One raw SLOWLOG GET entry: [id, unix seconds, µs, args, client addr (4.0+), client name (4.0+)]. */
export function parseSlowlogEntry(raw: unknown, seen: SlowlogMark | null): SlowlogEntryView | null {
  if (!Array.isArray(raw) || raw.length < 4) return null;
  const [id, ts, duration, args, addr, name] = raw as [unknown, unknown, unknown, unknown, unknown, unknown];
  const entryId = Number(id);
  const at = Number(ts) * 1000;
  return {
    id: entryId,
    ts: at,
    durationUs: Number(duration),
    args: shortenArgs(Array.isArray(args) ? args.map(String) : []),
    clientAddr: typeof addr === 'string' && addr !== '' ? addr : null,
    clientName: typeof name === 'string' && name !== '' ? name : null,
    isNew: isNewSince(seen, entryId, at),
  };
}

/** SLOWLOG GET `count` and LEN on one node; entries after `seen` are new. Refusals throw (see panelRead). */
export async function readSlowlog(client: Redis, count: number, seen: SlowlogMark | null): Promise<SlowlogData> {
  const [raw, length] = await Promise.all([client.call('SLOWLOG', 'GET', count), client.call('SLOWLOG', 'LEN')]);
  const entries = (Array.isArray(raw) ? raw : []).map((r) => parseSlowlogEntry(r, seen)).filter((e): e is SlowlogEntryView => e !== null);
  // SLOWLOG GET answers newest first.
  const [first] = entries;
  return {
    entries,
    length: Number(length),
    slowerThanUs: await configNumber(client, 'slowlog-log-slower-than'),
    newest: first ? { id: first.id, ts: first.ts } : null,
  };
}
