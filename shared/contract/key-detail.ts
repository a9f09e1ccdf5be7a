import { z } from 'zod';
import { WireBytes } from './keys';
import { KEY_TYPE_NAMES } from './limits';

/**
 * Key detail: metadata and paged value reads. Values stay in main (DESIGN.md invariant 5):
 * strings arrive as prefixes (64 KiB by default) with load-more, collections as pages, and
 * every element as a preview of at most ITEM_PREVIEW_BYTES with its full size.
 */

const Id = z.string().min(1).max(64);

export const STRING_PAGE_DEFAULT = 64 * 1024;
export const STRING_PAGE_MAX = 1024 * 1024;
export const ITEM_PAGE_DEFAULT = 100;
export const ITEM_PAGE_MAX = 1000;
/** Bytes of one hash field/value, list item, member or stream field sent to the renderer. */
export const ITEM_PREVIEW_BYTES = 8 * 1024;
/** At most this much inflated text is produced from a gzip-compressed string prefix. */
export const GZIP_INFLATE_MAX = 256 * 1024;

/** The types Cachescope pages through; any other TYPE reply (modules) is shown without a value. */
export const PAGED_TYPES = KEY_TYPE_NAMES;
export type PagedType = (typeof PAGED_TYPES)[number];

/** One element's bytes: a prefix of at most ITEM_PREVIEW_BYTES; `size` is the full length. */
export interface ItemBytes {
  bytes: WireBytes;
  size: number;
  truncated: boolean;
}

/** A gzip-compressed string (bytes start `1f 8b`), inflated from the fetched prefix only. */
export interface GzipView {
  /** Absent when the bytes did not inflate (then `note` says why). */
  inflated?: WireBytes;
  inflatedSize: number;
  /** The whole value was fetched and inflated: nothing more to load. */
  complete: boolean;
  note: string;
}

export interface StringPage {
  kind: 'string';
  offset: number;
  bytes: WireBytes;
  /** Bytes in this page (cut back to a UTF-8 character boundary when the text continues). */
  size: number;
  /** STRLEN: the value's whole length in bytes. */
  total: number;
  /** Where load-more continues; null when this page reaches the end. */
  nextOffset: number | null;
  /** Only on the page at offset 0 of a value starting with the gzip signature. */
  gzip?: GzipView;
}

export interface HashPage {
  kind: 'hash';
  cursor: string;
  /** HSCAN's next cursor; null when the scan is complete. HSCAN may repeat an entry across pages. */
  nextCursor: string | null;
  total: number;
  entries: { field: ItemBytes; value: ItemBytes }[];
}

export interface ListPage {
  kind: 'list';
  offset: number;
  nextOffset: number | null;
  total: number;
  items: { index: number; value: ItemBytes }[];
}

export interface SetPage {
  kind: 'set';
  cursor: string;
  nextCursor: string | null;
  total: number;
  members: ItemBytes[];
}

export interface ZSetPage {
  kind: 'zset';
  offset: number;
  nextOffset: number | null;
  total: number;
  /** `score` exactly as Redis formats it ("1.5", "inf", "-inf"). */
  members: { rank: number; member: ItemBytes; score: string }[];
}

export interface StreamPage {
  kind: 'stream';
  /** Entries come after this id (exclusive); null = from the start. */
  after: string | null;
  /** Pass as `after` for the next page; null when the end was reached. */
  nextAfter: string | null;
  total: number;
  entries: { id: string; fields: { field: ItemBytes; value: ItemBytes }[] }[];
}

/** A type Cachescope cannot page (a module type): metadata only. */
export interface OtherValue {
  kind: 'other';
  type: string;
  note: string;
}

export type ValuePage = StringPage | HashPage | ListPage | SetPage | ZSetPage | StreamPage | OtherValue;

export interface KeyDetail {
  key: WireBytes;
  /** TYPE reply: one of PAGED_TYPES, or a module type name. */
  type: string;
  /** OBJECT ENCODING; null when the server refused it. */
  encoding: string | null;
  /** PTTL in ms; -1 = no expiry. */
  ttlMs: number;
  /** MEMORY USAGE (sampled for big collections); null when the server refused it. */
  memoryBytes: number | null;
  /** STRLEN for strings, else the element count (HLEN/LLEN/SCARD/ZCARD/XLEN); null for other types. */
  length: number | null;
  /** Present when reading the value refreshed the key's LRU clock (no CLIENT NO-TOUCH on this server). */
  lruNote?: string;
  /** The first page of the value. */
  value: ValuePage;
}

/** How a value download went: saved where the user chose, cancelled in the dialog, or a link to download (serve mode). */
export type ValueDownload =
  | { kind: 'saved'; path: string; bytes: number; chunks: number }
  | { kind: 'cancelled' }
  | { kind: 'link'; url: string; filename: string };

const Cursor = z.string().regex(/^\d{1,20}$/, 'a SCAN cursor is a decimal number');
const StreamId = z.string().regex(/^\d{1,20}-\d{1,20}$/, 'a stream id looks like 1700000000000-0');
const Offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Items = z.number().int().min(1).max(ITEM_PAGE_MAX).default(ITEM_PAGE_DEFAULT);
const Base = { id: Id, key: WireBytes };

export const ValuePageArgs = z.discriminatedUnion('type', [
  z.object({ ...Base, type: z.literal('string'), offset: Offset.default(0), count: z.number().int().min(1).max(STRING_PAGE_MAX).default(STRING_PAGE_DEFAULT) }).strict(),
  z.object({ ...Base, type: z.literal('hash'), cursor: Cursor.default('0'), count: Items }).strict(),
  z.object({ ...Base, type: z.literal('list'), offset: Offset.default(0), count: Items }).strict(),
  z.object({ ...Base, type: z.literal('set'), cursor: Cursor.default('0'), count: Items }).strict(),
  z.object({ ...Base, type: z.literal('zset'), offset: Offset.default(0), count: Items }).strict(),
  z.object({ ...Base, type: z.literal('stream'), after: StreamId.nullable().default(null), count: Items }).strict(),
]);
export type ValuePageArgs = z.input<typeof ValuePageArgs>;

/** 1000 years: PEXPIRE rejects what overflows, and nobody means more. */
export const TTL_MAX_MS = 1000 * 365 * 24 * 3600 * 1000;

export const keyDetailCommands = {
  /** Type, encoding, TTL, memory, length and the first value page of one key. NOT_FOUND if it is gone. */
  'keys.detail': { args: z.object(Base).strict(), reply: null as unknown as KeyDetail },
  /** One more page of a key's value; `type` is the type the caller is paging (from keys.detail). */
  'keys.value': { args: ValuePageArgs, reply: null as unknown as ValuePage },
  /** Set (ttlMs) or remove (null = PERSIST) a key's expiry. READ_ONLY on read-only connections. */
  'keys.ttl.set': {
    args: z.object({ ...Base, ttlMs: z.number().int().min(1).max(TTL_MAX_MS).nullable() }).strict(),
    reply: null as unknown as { key: WireBytes; ttlMs: number },
  },
  /**
   * Save a string's whole value, streamed in GETRANGE chunks. The renderer never names the file
   * (a path in the args is refused): the desktop asks with a save dialog in main; serve mode
   * replies with a one-time link the browser downloads from.
   */
  'keys.value.download': {
    args: z.object(Base).strict(),
    reply: null as unknown as ValueDownload,
  },
} as const;
