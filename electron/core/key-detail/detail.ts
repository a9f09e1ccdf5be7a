import { PAGED_TYPES, type KeyDetail, type PagedType, type ValuePage } from '../../../shared/contract';
import type { Connection } from '../connections/connection';
import { CoreError } from '../errors';
import { toWire } from '../keys/wire-bytes';
import { keyGone, keyRetyped, quoteKey } from './messages';
import { readMetadata } from './metadata';
import { lruNote } from './no-touch';
import { firstPage, pagePlan, type PageRequest } from './pages';
import { readTransaction, replyAt } from './read-tx';

export function isPagedType(type: string): type is PagedType {
  return (PAGED_TYPES as readonly string[]).includes(type);
}

/**
 * Metadata and the first page of one key, in two round trips: a metadata pipeline (TYPE tells
 * which page to read), then PTTL, the length and the page in one transaction. If the key
 * changed type in between, start again.
 */
export async function keyDetail(connection: Connection, key: Buffer): Promise<KeyDetail> {
  const client = connection.target.client('values');
  for (let attempt = 0; attempt < 3; attempt++) {
    const meta = await readMetadata(connection, client, key);
    if (meta.type === 'none') throw keyGone(key);
    const plan = isPagedType(meta.type) ? pagePlan(key, firstPage(meta.type)) : null;
    const r = await readTransaction(connection, key, [['PTTL', key], ...(plan?.reads ?? [])], client);
    if (r.type === 'none') throw keyGone(key);
    if (r.type !== meta.type) continue;
    const ttlMs = Number(replyAt(connection, r, 0));
    const value: ValuePage = plan
      ? await plan.build(plan.reads.map((_, i) => replyAt(connection, r, i + 1)))
      : { kind: 'other', type: r.type, note: `Cachescope cannot show values of type ${r.type} (a module type); its metadata is below.` };
    return {
      key: toWire(key),
      type: r.type,
      encoding: meta.encoding,
      ttlMs,
      memoryBytes: meta.memoryBytes,
      length: value.kind === 'other' ? null : value.total,
      ...(plan && r.touched ? { lruNote: lruNote(r.touched.version) } : {}),
      value,
    };
  }
  throw new CoreError('INTERNAL', `Key ${quoteKey(key)} kept changing type while being read: try again.`);
}

/** One more page of a value the caller is viewing as `req.type`. */
export async function valuePage(connection: Connection, key: Buffer, req: PageRequest): Promise<ValuePage> {
  const plan = pagePlan(key, req);
  const r = await readTransaction(connection, key, plan.reads);
  if (r.type === 'none') throw keyGone(key);
  if (r.type !== req.type) throw keyRetyped(key, req.type, r.type);
  return plan.build(plan.reads.map((_, i) => replyAt(connection, r, i)));
}
