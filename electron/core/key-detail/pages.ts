import type { z } from 'zod';
import { STRING_PAGE_DEFAULT, ITEM_PAGE_DEFAULT, type PagedType, type ValuePage, type ValuePageArgs } from '../../../shared/contract';
import { toWire } from '../keys/wire-bytes';
import { preview, utf8CutLength } from './bytes';
import { gzipView, isGzip } from './gzip';
import type { RedisArgs } from './read-tx';

/** What to read for one page, without the connection id and key. */
export type PageRequest = DistributiveOmit<z.output<typeof ValuePageArgs>, 'id' | 'key'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A page's reads (a count first, then the range) and how to turn their replies into a page. */
export interface PagePlan {
  reads: RedisArgs[];
  build(replies: unknown[]): Promise<ValuePage>;
}

export function firstPage(type: PagedType): PageRequest {
  switch (type) {
    case 'string':
      return { type, offset: 0, count: STRING_PAGE_DEFAULT };
    case 'hash':
    case 'set':
      return { type, cursor: '0', count: ITEM_PAGE_DEFAULT };
    case 'list':
    case 'zset':
      return { type, offset: 0, count: ITEM_PAGE_DEFAULT };
    case 'stream':
      return { type, after: null, count: ITEM_PAGE_DEFAULT };
  }
}

const U64_MAX = (1n << 64n) - 1n;

/** The smallest stream id after `id` (XRANGE's exclusive `(` needs 6.2; this works everywhere). */
export function nextStreamId(id: string): string | null {
  const [ms, seq] = id.split('-').map((p) => BigInt(p)) as [bigint, bigint];
  if (seq < U64_MAX) return `${ms}-${seq + 1n}`;
  if (ms < U64_MAX) return `${ms + 1n}-0`;
  return null;
}

const buf = (v: unknown): Buffer => (Buffer.isBuffer(v) ? v : Buffer.from(String(v)));
const num = (v: unknown): number => Number(v);
const list = (v: unknown): Buffer[] => (Array.isArray(v) ? v.map(buf) : []);

function pairs(flat: Buffer[]): { field: Buffer; value: Buffer }[] {
  const out: { field: Buffer; value: Buffer }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ field: flat[i]!, value: flat[i + 1]! });
  return out;
}

function scanReply(v: unknown): { next: string | null; items: Buffer[] } {
  const [cursor, items] = Array.isArray(v) ? v : [];
  const next = buf(cursor).toString();
  return { next: next === '0' ? null : next, items: list(items) };
}

export function pagePlan(key: Buffer, req: PageRequest): PagePlan {
  switch (req.type) {
    case 'string': {
      const { offset, count } = req;
      return {
        reads: [
          ['STRLEN', key],
          ['GETRANGE', key, offset, offset + count - 1],
        ],
        async build([len, range]) {
          const total = num(len);
          const fetched = buf(range);
          const more = offset + fetched.length < total;
          // Cut back to a character boundary so text stays text; the next page starts there.
          const size = more ? utf8CutLength(fetched) || fetched.length : fetched.length;
          const page: ValuePage = {
            kind: 'string',
            offset,
            bytes: toWire(fetched.subarray(0, size)),
            size,
            total,
            nextOffset: offset + size < total ? offset + size : null,
          };
          if (offset === 0 && isGzip(fetched)) page.gzip = await gzipView(fetched, total);
          return page;
        },
      };
    }
    case 'hash': {
      const { cursor, count } = req;
      return {
        reads: [
          ['HLEN', key],
          ['HSCAN', key, cursor, 'COUNT', count],
        ],
        async build([len, scan]) {
          const { next, items } = scanReply(scan);
          return { kind: 'hash', cursor, nextCursor: next, total: num(len), entries: pairs(items).map((p) => ({ field: preview(p.field), value: preview(p.value) })) };
        },
      };
    }
    case 'set': {
      const { cursor, count } = req;
      return {
        reads: [
          ['SCARD', key],
          ['SSCAN', key, cursor, 'COUNT', count],
        ],
        async build([len, scan]) {
          const { next, items } = scanReply(scan);
          return { kind: 'set', cursor, nextCursor: next, total: num(len), members: items.map((m) => preview(m)) };
        },
      };
    }
    case 'list': {
      const { offset, count } = req;
      return {
        reads: [
          ['LLEN', key],
          ['LRANGE', key, offset, offset + count - 1],
        ],
        async build([len, range]) {
          const total = num(len);
          const items = list(range).map((v, i) => ({ index: offset + i, value: preview(v) }));
          const end = offset + items.length;
          return { kind: 'list', offset, nextOffset: items.length > 0 && end < total ? end : null, total, items };
        },
      };
    }
    case 'zset': {
      const { offset, count } = req;
      return {
        reads: [
          ['ZCARD', key],
          ['ZRANGE', key, offset, offset + count - 1, 'WITHSCORES'],
        ],
        async build([len, range]) {
          const total = num(len);
          const members = pairs(list(range)).map((p, i) => ({ rank: offset + i, member: preview(p.field), score: p.value.toString() }));
          const end = offset + members.length;
          return { kind: 'zset', offset, nextOffset: members.length > 0 && end < total ? end : null, total, members };
        },
      };
    }
    case 'stream': {
      const { after, count } = req;
      const start = after === null ? '-' : nextStreamId(after);
      return {
        reads: [['XLEN', key], ...(start === null ? [] : [['XRANGE', key, start, '+', 'COUNT', count] as RedisArgs])],
        async build([len, range]) {
          const raw = Array.isArray(range) ? range : [];
          const entries = raw.map((e: unknown) => {
            const [id, fields] = Array.isArray(e) ? e : [];
            return { id: buf(id).toString(), fields: pairs(list(fields)).map((p) => ({ field: preview(p.field), value: preview(p.value) })) };
          });
          const last = entries[entries.length - 1];
          return { kind: 'stream', after, nextAfter: last && entries.length >= count ? last.id : null, total: num(len), entries };
        },
      };
    }
  }
}
