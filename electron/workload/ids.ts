import { hashString, mix32 } from './random';

/**
 * Id formats of the five apps, each an injective function of a number (distinct ids → distinct
 * keys), so a seed of N ids yields exactly N keys and the workload can find a key again by its id.
 * The random-looking part comes from a hash; the number itself is embedded to keep ids unique.
 */

const B36 = '0123456789abcdefghijklmnopqrstuvwxyz';
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `count` random-looking characters of `alphabet` for (namespace, id): five per 32-bit hash. */
function randomChars(alphabet: string, count: number, ns: number, id: number): string {
  let out = '';
  let h = 0;
  for (let i = 0; i < count; i++) {
    if (i % 5 === 0) h = mix32(ns, id, i);
    out += alphabet[h % alphabet.length];
    h = Math.floor(h / alphabet.length);
  }
  return out;
}

/** Byte → two hex digits: Number#toString(16) was the seeder's single biggest cost. */
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex8 = (h: number) => HEX2[h >>> 24]! + HEX2[(h >>> 16) & 255]! + HEX2[(h >>> 8) & 255]! + HEX2[h & 255]!;

/** A v4-shaped UUID whose last 12 hex digits are the id (unique up to 2^48). */
export function uuidId(namespace: string, id: number): string {
  const ns = hashString(namespace);
  const a = hex8(mix32(ns, id, 1));
  const b = hex8(mix32(ns, id, 2));
  const high = Math.floor(id / 2 ** 32) & 0xffff;
  const tail = HEX2[high >>> 8]! + HEX2[high & 255]! + hex8(id >>> 0);
  return `${a}-${b.slice(0, 4)}-4${b.slice(4, 7)}-${'89ab'[id % 4]}${hex8(mix32(ns, id, 3)).slice(0, 3)}-${tail}`;
}

/** `sess_` + 12 base62 characters + the id in base 36, like a random session token. */
export function sessionId(namespace: string, id: number): string {
  return `sess_${randomChars(B62, 12, hashString(namespace), id)}${id.toString(36)}`;
}

/** A cuid-like id (Prisma's default, as a Next.js app has): `c` + 18 characters + the id. */
export function cuidId(namespace: string, id: number): string {
  return `c${randomChars(B36, 18, hashString(namespace), id)}${id.toString(36).padStart(6, '0')}`;
}

/** A MongoDB ObjectId-like id (24 hex digits, as an Express + Mongo app has); the last 8 are the id. */
export function objectId(namespace: string, id: number): string {
  const ns = hashString(namespace);
  return `${hex8(mix32(ns, id, 1))}${hex8(mix32(ns, id, 2))}${hex8(id >>> 0)}`;
}

/** A private IPv4 address per id: 10.0.0.0/8 first, then 11.x… for ids beyond 16 M. */
export function ipId(id: number): string {
  return `${10 + Math.floor(id / 2 ** 24)}.${(id >>> 16) & 255}.${(id >>> 8) & 255}.${id & 255}`;
}

/** Numeric ids start at 1, as database sequences do. */
export function intId(id: number): string {
  return String(id + 1);
}

export const FEATURE_FLAGS = [
  'breakout_rooms',
  'recording_v2',
  'new_waiting_room',
  'noise_suppression',
  'live_captions',
  'hand_raise',
  'polls',
  'whiteboard',
  'virtual_background',
  'e2e_encryption',
  'screen_share_audio',
  'reactions',
  'chat_threads',
  'meeting_templates',
  'calendar_sync',
  'guest_access',
  'sso_login',
  'dark_mode',
  'analytics_beta',
  'low_bandwidth_mode',
] as const;
