import type Redis from 'ioredis';
import type { SlowlogData, SlowlogEntryView } from '../../../shared/contract';
import { shortenArgs } from './args';
import { configNumber } from './config-value';

/** One raw SLOWLOG GET entry: [id, unix seconds, µs, args, client addr (4.0+), client name (4.0+)]. */
export function parseSlowlogEntry(raw: unknown, seenUpTo: number): SlowlogEntryView | null {
  if (!Array.isArray(raw) || raw.length < 4) return null;
  const [id, ts, duration, args, addr, name] = raw as [unknown, unknown, unknown, unknown, unknown, unknown];
  const entryId = Number(id);
  return {
    id: entryId,
    ts: Number(ts) * 1000,
    durationUs: Number(duration),
    args: shortenArgs(Array.isArray(args) ? args.map(String) : []),
    clientAddr: typeof addr === 'string' && addr !== '' ? addr : null,
    clientName: typeof name === 'string' && name !== '' ? name : null,
    isNew: entryId > seenUpTo,
  };
}

/** SLOWLOG GET `count` and LEN on one node; entries above `seenUpTo` are new. Refusals throw (see panelRead). */
export async function readSlowlog(client: Redis, count: number, seenUpTo: number): Promise<SlowlogData> {
  const [raw, length] = await Promise.all([client.call('SLOWLOG', 'GET', count), client.call('SLOWLOG', 'LEN')]);
  const entries = (Array.isArray(raw) ? raw : []).map((r) => parseSlowlogEntry(r, seenUpTo)).filter((e): e is SlowlogEntryView => e !== null);
  return {
    entries,
    length: Number(length),
    slowerThanUs: await configNumber(client, 'slowlog-log-slower-than'),
    newestId: entries.length ? Math.max(...entries.map((e) => e.id)) : null,
  };
}
