import { gzipSync } from 'node:zlib';
import { intId, ipId, uuidId } from './ids';
import { createRng, hashString, type Rng } from './random';

/**
 * Value shapes: JSON documents that look like what the apps cache (a user, a course with its
 * lessons, a page of a list…), sized to a target so memory figures are realistic. A document is
 * a few typed fields plus padding: a text field, or a list of items of another kind.
 */

const WORDS = (
  'course lesson module video quiz student teacher instructor meeting room session schedule grade progress certificate ' +
  'python javascript design data cloud security marketing finance writing music language beginner advanced intro project ' +
  'review feedback assignment deadline chapter practice exercise recording transcript agenda notes summary update release ' +
  'team group chat question answer share screen camera audio network latency cache server client request response ' +
  'learn build deploy test measure improve explore discover create manage plan track analyse report present discuss'
).split(' ');
const FIRST = ['Ana', 'Ben', 'Chi', 'Dara', 'Eli', 'Fatima', 'Goran', 'Hana', 'Ivan', 'Jun', 'Kofi', 'Lea', 'Mina', 'Nikhil', 'Olga', 'Pablo', 'Qin', 'Rosa', 'Sami', 'Tomas'];
const LAST = ['Nguyen', 'Smith', 'Garcia', 'Kim', 'Okafor', 'Silva', 'Novak', 'Tanaka', 'Haddad', 'Rossi', 'Müller', 'Singh', 'Cohen', 'Ivanova', 'Dubois'];
const ROLES = ['student', 'teacher', 'instructor', 'admin'];
const STATUSES = ['active', 'draft', 'scheduled', 'ended', 'archived'];
const LEVELS = ['beginner', 'intermediate', 'advanced'];
const LANGS = ['en', 'vi', 'es', 'de', 'fr', 'ja', 'pt'];
const AGENTS = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1', 'okhttp/4.12.0', 'Dart/3.4 (dart:io)'];

/**
 * A field generator: `key` is the id part of the Redis key, so a document names its own key.
 * Strings it returns are JSON-safe as they are (no quotes, backslashes or control characters),
 * which lets documents be assembled as text — seeding a million keys needs that speed.
 */
type Gen = (rng: Rng, key: string) => string | number | boolean;

const BASE_TS = Date.UTC(2025, 0, 1);
/** Timestamps are drawn from a table: toISOString per field was a third of the seeding time. */
const TIMESTAMPS = Array.from({ length: 4096 }, (_, i) => new Date(BASE_TS + Math.floor((i * 365 * 86_400) / 4096) * 1000 + (i % 997) * 1000).toISOString());
const TITLE_WORDS = WORDS.map((w) => w[0]!.toUpperCase() + w.slice(1));

const GENS: Record<string, Gen> = {
  key: (_r, key) => (/^\d+$/.test(key) ? Number(key) : key),
  uuid: (r) => uuidId('doc', r.int(0, 2 ** 31)),
  int: (r) => r.int(1, 100_000),
  count: (r) => r.int(0, 5_000),
  pct: (r) => Math.round(r.next() * 1000) / 10,
  rating: (r) => Math.round((3 + r.next() * 2) * 10) / 10,
  price: (r) => r.int(0, 199) + 0.99,
  bool: (r) => r.next() < 0.5,
  ts: (r) => r.pick(TIMESTAMPS),
  name: (r) => `${r.pick(FIRST)} ${r.pick(LAST)}`,
  email: (r) => `${r.pick(FIRST).toLowerCase()}.${r.pick(LAST).toLowerCase()}${r.int(1, 999)}@example.com`,
  role: (r) => r.pick(ROLES),
  status: (r) => r.pick(STATUSES),
  level: (r) => r.pick(LEVELS),
  lang: (r) => r.pick(LANGS),
  agent: (r) => r.pick(AGENTS),
  ip: (r) => ipId(r.int(0, 2 ** 24 - 1)),
  word: (r) => r.pick(WORDS),
  title: (r) => {
    const n = r.int(2, 5);
    let t = r.pick(TITLE_WORDS);
    for (let i = 1; i < n; i++) t += ' ' + r.pick(TITLE_WORDS);
    return t;
  },
  url: (r) => `https://cdn.example.com/${r.pick(WORDS)}/${r.int(1, 99_999)}.jpg`,
  token: (r) => uuidId('token', r.int(0, 2 ** 31)).replace(/-/g, ''),
  hostId: (r) => Number(intId(r.int(0, 9_999))),
};

interface DocDef {
  /** Field name as a JSON prefix (`"name":`) and its generator. */
  fields: [prefix: string, name: string, gen: Gen][];
  /** Padding to reach the target size: free text in a field, or a list of items of a kind. */
  pad?: { text: string } | { items: string; of: string };
}

function def(fields: string, pad?: DocDef['pad']): DocDef {
  return {
    fields: fields.split(/\s+/).map((f) => {
      const [name, gen] = f.split(':') as [string, string];
      const g = GENS[gen];
      if (!g) throw new Error(`unknown generator ${gen}`);
      return [`"${name}":`, name, g];
    }),
    ...(pad ? { pad } : {}),
  };
}

const DOCS = {
  user: def('id:key name:name email:email role:role avatar:url verified:bool createdAt:ts updatedAt:ts', { text: 'bio' }),
  session: def('id:key userId:uuid ip:ip userAgent:agent csrf:token createdAt:ts expiresAt:ts', { text: 'data' }),
  course: def('id:key title:title instructor:name price:price level:level rating:rating published:bool updatedAt:ts', { items: 'lessons', of: 'lesson' }),
  lesson: def('id:int title:title durationSec:count video:url free:bool'),
  courseCard: def('id:int title:title instructor:name price:price rating:rating students:count'),
  instructorCard: def('id:uuid name:name verified:bool courses:count rating:rating avatar:url'),
  page: def('page:int limit:count total:count', { items: 'data', of: 'courseCard' }),
  instructorPage: def('page:int limit:count total:count', { items: 'data', of: 'instructorCard' }),
  stats: def('id:key enrolled:count completed:count revenue:price rating:rating updatedAt:ts', { items: 'daily', of: 'point' }),
  point: def('day:ts value:count'),
  flag: def('name:key enabled:bool rollout:pct updatedAt:ts', { text: 'description' }),
  meeting: def('id:key title:title hostId:hostId startsAt:ts endsAt:ts status:status recording:bool', { text: 'agenda' }),
  meetingCard: def('id:int title:title startsAt:ts status:status participants:count'),
  meetingPage: def('page:int limit:count total:count', { items: 'meetings', of: 'meetingCard' }),
  participants: def('meetingId:key', { items: 'participants', of: 'participant' }),
  participant: def('userId:uuid name:name role:role joinedAt:ts muted:bool'),
  publicUser: def('sessionId:key displayName:name joinedAt:ts ip:ip', { text: 'meta' }),
  profile: def('id:key displayName:name email:email language:lang timezone:word updatedAt:ts', { text: 'about' }),
  settings: def('userId:key theme:word language:lang emailNotifications:bool pushNotifications:bool twoFactor:bool'),
  product: def('id:key title:title price:price stock:count rating:rating updatedAt:ts', { text: 'description' }),
  tags: def('postId:key', { items: 'tags', of: 'tag' }),
  tag: def('name:word count:count'),
  config: def('version:int updatedAt:ts maintenance:bool', { items: 'settings', of: 'setting' }),
  setting: def('key:word value:word enabled:bool'),
  dashboard: def('id:key generatedAt:ts', { items: 'widgets', of: 'widget' }),
  widget: def('title:title value:count trend:pct'),
  analytics: def('name:key generatedAt:ts', { items: 'series', of: 'point' }),
  message: def('from:uuid name:name sentAt:ts', { text: 'text' }),
  notification: def('id:uuid type:word title:title read:bool createdAt:ts'),
  event: def('type:word userId:uuid at:ts ip:ip'),
  progress: def('userId:key lessonsDone:count quizzesPassed:count minutesWatched:count lastLesson:int updatedAt:ts'),
} satisfies Record<string, DocDef>;

export type DocKind = keyof typeof DOCS;

/** A pool of word salad; padding text is a slice of it starting at a word (no per-word work). */
const TEXT = (() => {
  const rng = createRng(0x5eed);
  let t = '';
  while (t.length < 65_536) t += (t ? ' ' : '') + rng.pick(WORDS);
  return t;
})();
const WORD_STARTS = [...TEXT.matchAll(/(?<= )\w/g)].map((m) => m.index);

function text(rng: Rng, length: number): string {
  const len = Math.min(length, TEXT.length - 1);
  let start = rng.pick(WORD_STARTS);
  if (start + len > TEXT.length) start = 0;
  return TEXT.slice(start, start + len).trimEnd();
}

const jsonOf = (v: string | number | boolean) => (typeof v === 'string' ? `"${v}"` : String(v));

/** The fields of a document as JSON text without the closing brace: `{"a":1,"b":"x"`. */
function openObject(kind: DocKind, rng: Rng, key: string): string {
  let out = '{';
  for (const [prefix, , gen] of (DOCS[kind] as DocDef).fields) out += (out.length > 1 ? ',' : '') + prefix + jsonOf(gen(rng, key));
  return out;
}

/** A document of `kind` about `key` as JSON text, padded until it is about `targetBytes` long. */
export function docJson(kind: DocKind, rng: Rng, key: string, targetBytes = 0): string {
  const head = openObject(kind, rng, key);
  const pad = (DOCS[kind] as DocDef).pad;
  if (!pad) return `${head}}`;
  if ('text' in pad) return `${head},"${pad.text}":"${text(rng, Math.max(8, targetBytes - head.length - pad.text.length - 6))}"}`;
  // At least one item: an empty list would not look like the app's data.
  const pool = itemPool(pad.of as DocKind);
  let items = '';
  let size = head.length + pad.items.length + 6;
  do {
    const item = rng.pick(pool);
    items += (items ? ',' : '') + item;
    size += item.length + 1;
  } while (size < targetBytes);
  return `${head},"${pad.items}":[${items}]}`;
}

/**
 * List items (lessons, cards, points…) are drawn from a fixed pool per kind: a course's lesson
 * list is then a few dozen concatenations instead of a few hundred generated fields, which keeps
 * a million-key seed fast. The pool is large enough that lists don't visibly repeat.
 */
const pools = new Map<DocKind, string[]>();
function itemPool(kind: DocKind): string[] {
  let pool = pools.get(kind);
  if (!pool) {
    const rng = createRng(hashString(kind));
    pool = Array.from({ length: 1024 }, () => `${openObject(kind, rng, '')}}`);
    pools.set(kind, pool);
  }
  return pool;
}

/** The JSON text of a document, or its gzip (bytes start 1f 8b) as the apps store large values. */
export function jsonValue(kind: DocKind, rng: Rng, key: string, targetBytes: number, gzip: boolean): string | Buffer {
  const json = docJson(kind, rng, key, targetBytes);
  // Level 1: seeding a million keys must stay fast; the bytes are still ordinary gzip.
  return gzip ? gzipSync(json, { level: 1 }) : json;
}

/** Hash fields and stream entries are flat field/value strings, as apps store them. */
export function flatDoc(kind: DocKind, rng: Rng, key: string): string[] {
  const out: string[] = [];
  for (const [, name, gen] of (DOCS[kind] as DocDef).fields) out.push(name, String(gen(rng, key)));
  return out;
}

/** A set or sorted-set member. */
export function memberOf(kind: 'uuid' | 'int' | 'word', rng: Rng): string {
  if (kind === 'uuid') return uuidId('member', rng.int(0, 2 ** 31));
  if (kind === 'int') return String(rng.int(1, 1_000_000));
  return rng.pick(WORDS);
}
