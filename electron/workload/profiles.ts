import { cuidId, FEATURE_FLAGS, intId, ipId, objectId, sessionId, uuidId } from './ids';
import { mix32 } from './random';
import type { DocKind } from './values';

/**
 * The five cache layouts of ../shared/CACHE-LAYOUTS.md as data: per key pattern its id format,
 * value shape, TTL and weight (its share of the keys and of the reads). The seeder and the
 * workload both read these tables, so a dataset and live traffic always look like the same
 * application. Each layout keeps to its own Redis types (JSON strings, vtp's INCR counters) and
 * its invalidations as its code writes them; the other types (hash, set, zset, list, stream),
 * which the key browser needs to show, live in `EXTRA_TYPES`, seeded only by the `all` profile.
 */

export const PROFILE_NAMES = ['vtp', 'gomeet', 'hypersdk', 'skillup', 'lms-phase4'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];
export type ProfileChoice = ProfileName | 'all';

export type RedisType = 'string' | 'hash' | 'set' | 'zset' | 'list' | 'stream';
type Range = readonly [number, number];

export type ValueShape =
  | { kind: 'json'; doc: DocKind; bytes: Range; gzip?: boolean }
  /** A rate-limit counter: INCR, with the TTL set when it is created. */
  | { kind: 'counter'; max: number }
  | { kind: 'hash'; doc: DocKind }
  | { kind: 'set'; member: 'uuid' | 'int' | 'word'; size: Range }
  | { kind: 'zset'; member: 'uuid' | 'int' | 'word'; size: Range }
  | { kind: 'list'; doc: DocKind; size: Range }
  | { kind: 'stream'; doc: DocKind; size: Range }
  /**
   * The app's own counters (gomeet's `cache:stats`): a JSON string with a 24 h TTL that the app
   * reads and rewrites around every cache operation, so its bookkeeping reads are Redis hits too.
   */
  | { kind: 'appStats' };

/** Seconds: a range (a TTL picked per key within it), a set of classes, or none (no expiry). */
export type Ttl = { min: number; max: number } | { oneOf: readonly number[] } | null;

export interface KeySpec {
  name: string;
  /** The id as the key spells it ("3f2a…-0000000000a1", "42", "10.0.0.7"), from a number. */
  id(n: number): string;
  key(n: number): string;
  /** Exactly this pattern's keys (tests, docs); never overlaps another spec of any profile. */
  match: RegExp;
  value: ValueShape;
  ttl: Ttl;
  /** Share of the dataset and of the reads, relative to the profile's other specs. */
  weight: number;
  /** How many distinct ids exist (pages, flag names, singletons); unbounded when absent. */
  cardinality?: number;
}

/**
 * An invalidation as the app writes it ("everything of meeting 42"): a glob, filled with an id of
 * `from`, deleted by SCAN + UNLINK — or, with `exact`, one key deleted by name (vtp's
 * `course:<id>` beside `course:<id>:*`).
 */
export interface PatternRule {
  from?: string;
  glob(id: string, n: number): string;
  weight: number;
  exact?: true;
}

export interface WorkloadProfile {
  name: ProfileChoice;
  summary: string;
  specs: KeySpec[];
  patterns: PatternRule[];
  /**
   * Eviction policy of a demo server. hypersdk runs allkeys-lru (the layout says so); the others
   * don't say, and volatile-lru keeps a full demo server writable without evicting keys
   * that have no TTL (such as `cache:stats`).
   */
  maxmemoryPolicy: 'allkeys-lru' | 'volatile-lru';
  /** Keys a demo seeds when --keys is not given. */
  defaultKeys: number;
}

export function redisTypeOf(shape: ValueShape): RedisType {
  if (shape.kind === 'json' || shape.kind === 'counter' || shape.kind === 'appStats') return 'string';
  return shape.kind;
}

const MIN = 60;
const HOUR = 3600;
const DAY = 86_400;
const fixed = (s: number): Ttl => ({ min: s, max: s });
const json = (doc: DocKind, min: number, max: number, gzip = false): ValueShape => ({ kind: 'json', doc, bytes: [min, max], ...(gzip ? { gzip } : {}) });
const one = (text: string) => () => text;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const INT = '[1-9][0-9]*';
const re = (source: string) => new RegExp(`^${source}$`);

const vtp: KeySpec[] = [
  { name: 'vtp.user', id: (n) => uuidId('vtp.user', n), key: (n) => `user:${uuidId('vtp.user', n)}`, match: re(`user:${UUID}`), value: json('user', 400, 1200), ttl: fixed(30 * MIN), weight: 25 },
  // Course details are large: stored gzip-compressed, as vtp does.
  { name: 'vtp.course', id: intId, key: (n) => `course:${intId(n)}`, match: re(`course:${INT}`), value: json('course', 2000, 8000, true), ttl: fixed(2 * HOUR), weight: 6 },
  { name: 'vtp.instructors', id: intId, key: (n) => `instructors:list:verified=true&page=${intId(n)}`, match: re(`instructors:list:verified=true&page=${INT}`), value: json('instructorPage', 1500, 5000), ttl: fixed(5 * MIN), weight: 2, cardinality: 50 },
  { name: 'vtp.session', id: (n) => sessionId('vtp.session', n), key: (n) => `session:${sessionId('vtp.session', n)}`, match: re('session:sess_[0-9A-Za-z]{12}[0-9a-z]+'), value: json('session', 250, 500), ttl: fixed(7 * DAY), weight: 25 },
  { name: 'vtp.courseStats', id: intId, key: (n) => `stats:course:${intId(n)}`, match: re(`stats:course:${INT}`), value: json('stats', 300, 1500), ttl: fixed(DAY), weight: 6 },
  { name: 'vtp.ratelimit', id: ipId, key: (n) => `ratelimit:api:${ipId(n)}`, match: re('ratelimit:api:\\d+\\.\\d+\\.\\d+\\.\\d+'), value: { kind: 'counter', max: 120 }, ttl: { min: MIN, max: HOUR }, weight: 15 },
];

/** gomeet's list keys carry host, page, limit and a search term: one number spells all four. */
function hostPage(n: number): { host: number; page: number; limit: number; search: string } {
  const h = mix32(n, 7);
  return { host: Math.floor(n / 5) + 1, page: (n % 5) + 1, limit: [10, 20, 50][h % 3]!, search: ['', '', '', 'standup', 'review', 'planning'][h % 6]! };
}
const meetingList = (n: number) => {
  const p = hostPage(n);
  return `${p.host}:page:${p.page}:limit:${p.limit}:search:${p.search}`;
};
const meetingPast = (n: number) => {
  const p = hostPage(n);
  return `${p.host}:page:${p.page}:limit:${p.limit}`;
};
const meetingUpcoming = (n: number) => `${n + 1}:limit:${[5, 10, 20][mix32(n, 9) % 3]}`;

const gomeet: KeySpec[] = [
  { name: 'gomeet.userProfile', id: intId, key: (n) => `user:profile:${intId(n)}`, match: re(`user:profile:${INT}`), value: json('profile', 300, 900), ttl: fixed(30 * MIN), weight: 15 },
  { name: 'gomeet.meeting', id: intId, key: (n) => `meeting:details:${intId(n)}`, match: re(`meeting:details:${INT}`), value: json('meeting', 400, 1500), ttl: fixed(15 * MIN), weight: 15 },
  { name: 'gomeet.participants', id: intId, key: (n) => `meeting:participants:${intId(n)}`, match: re(`meeting:participants:${INT}`), value: json('participants', 500, 4000), ttl: fixed(10 * MIN), weight: 10 },
  { name: 'gomeet.flag', id: (n) => FEATURE_FLAGS[n]!, key: (n) => `feature_flag:${FEATURE_FLAGS[n]}`, match: re('feature_flag:[a-z0-9_]+'), value: json('flag', 150, 400), ttl: fixed(5 * MIN), weight: 3, cardinality: FEATURE_FLAGS.length },
  { name: 'gomeet.publicUser', id: (n) => uuidId('gomeet.session', n), key: (n) => `public_user:${uuidId('gomeet.session', n)}`, match: re(`public_user:${UUID}`), value: json('publicUser', 200, 400), ttl: fixed(30 * MIN), weight: 8 },
  { name: 'gomeet.meetingList', id: meetingList, key: (n) => `meeting:list:${meetingList(n)}`, match: re(`meeting:list:${INT}:page:${INT}:limit:${INT}:search:[a-z]*`), value: json('meetingPage', 1000, 5000), ttl: fixed(5 * MIN), weight: 8 },
  { name: 'gomeet.joined', id: meetingPast, key: (n) => `meeting:joined:${meetingPast(n)}`, match: re(`meeting:joined:${INT}:page:${INT}:limit:${INT}`), value: json('meetingPage', 800, 4000), ttl: fixed(5 * MIN), weight: 6 },
  { name: 'gomeet.upcoming', id: meetingUpcoming, key: (n) => `meeting:upcoming:${meetingUpcoming(n)}`, match: re(`meeting:upcoming:${INT}:limit:${INT}`), value: json('meetingPage', 500, 3000), ttl: fixed(5 * MIN), weight: 4 },
  { name: 'gomeet.past', id: meetingPast, key: (n) => `meeting:past:${meetingPast(n)}`, match: re(`meeting:past:${INT}:page:${INT}:limit:${INT}`), value: json('meetingPage', 800, 4000), ttl: fixed(5 * MIN), weight: 4 },
  { name: 'gomeet.cacheStats', id: one(''), key: one('cache:stats'), match: re('cache:stats'), value: { kind: 'appStats' }, ttl: fixed(DAY), weight: 0, cardinality: 1 },
];

const hypersdk: KeySpec[] = [
  { name: 'hypersdk.user', id: intId, key: (n) => `user:${intId(n)}`, match: re(`user:${INT}`), value: json('user', 300, 1000), ttl: { min: HOUR, max: DAY }, weight: 15 },
  // The id sits in the middle of these keys: the tree must still group them sensibly.
  { name: 'hypersdk.profile', id: intId, key: (n) => `user:${intId(n)}:profile`, match: re(`user:${INT}:profile`), value: json('profile', 400, 1500), ttl: { min: HOUR, max: DAY }, weight: 15 },
  { name: 'hypersdk.settings', id: intId, key: (n) => `user:${intId(n)}:settings`, match: re(`user:${INT}:settings`), value: json('settings', 150, 300), ttl: { min: HOUR, max: DAY }, weight: 10 },
  { name: 'hypersdk.product', id: intId, key: (n) => `product:${intId(n)}:details`, match: re(`product:${INT}:details`), value: json('product', 1000, 4000), ttl: fixed(30 * MIN), weight: 25 },
  { name: 'hypersdk.tags', id: intId, key: (n) => `tags:post:${intId(n)}`, match: re(`tags:post:${INT}`), value: json('tags', 200, 1200), ttl: fixed(30 * MIN), weight: 10 },
  { name: 'hypersdk.config', id: one(''), key: one('config'), match: re('config'), value: json('config', 1000, 3000), ttl: fixed(5 * MIN), weight: 1, cardinality: 1 },
];

const OID = '[0-9a-f]{24}';
const oid = (n: number) => objectId('skillup.user', n);
const courseOid = (n: number) => objectId('skillup.course', n);
const skillup: KeySpec[] = [
  { name: 'skillup.course', id: courseOid, key: (n) => `skillup:course:${courseOid(n)}`, match: re(`skillup:course:${OID}`), value: json('course', 2000, 10_000), ttl: fixed(HOUR), weight: 20 },
  { name: 'skillup.user', id: oid, key: (n) => `skillup:user:${oid(n)}`, match: re(`skillup:user:${OID}`), value: json('user', 400, 1200), ttl: fixed(30 * MIN), weight: 30 },
  { name: 'skillup.session', id: oid, key: (n) => `skillup:session:${oid(n)}`, match: re(`skillup:session:${OID}`), value: json('session', 250, 500), ttl: fixed(30 * MIN), weight: 30 },
];

/** lms-phase4's TTL classes. */
export const LMS_TTL = { SHORT: 60, MEDIUM: 300, LONG: 1800, VERY_LONG: 3600, DAY: 86_400 } as const;
const CUID = 'c[0-9a-z]{24,}';
const cuid = (n: number) => cuidId('lms.course', n);
const ANALYTICS = ['platform', 'enrollment', 'revenue'] as const;
const lms: KeySpec[] = [
  { name: 'lms.studentDashboard', id: intId, key: (n) => `dashboard:student:${intId(n)}`, match: re(`dashboard:student:${INT}`), value: json('dashboard', 800, 3000), ttl: fixed(LMS_TTL.MEDIUM), weight: 15 },
  { name: 'lms.teacherDashboard', id: intId, key: (n) => `dashboard:teacher:${intId(n)}`, match: re(`dashboard:teacher:${INT}`), value: json('dashboard', 800, 3000), ttl: fixed(LMS_TTL.MEDIUM), weight: 5 },
  { name: 'lms.adminDashboard', id: one(''), key: one('dashboard:admin'), match: re('dashboard:admin'), value: json('dashboard', 2000, 6000), ttl: fixed(LMS_TTL.MEDIUM), weight: 1, cardinality: 1 },
  { name: 'lms.activeCourses', id: one(''), key: one('courses:active'), match: re('courses:active'), value: json('page', 3000, 12_000), ttl: fixed(LMS_TTL.MEDIUM), weight: 2, cardinality: 1 },
  { name: 'lms.course', id: cuid, key: (n) => `course:${cuid(n)}`, match: re(`course:${CUID}`), value: json('course', 2000, 8000), ttl: fixed(LMS_TTL.LONG), weight: 15 },
  { name: 'lms.courseStats', id: cuid, key: (n) => `course:${cuid(n)}:stats`, match: re(`course:${CUID}:stats`), value: json('stats', 300, 1200), ttl: fixed(LMS_TTL.MEDIUM), weight: 8 },
  { name: 'lms.studentProfile', id: intId, key: (n) => `profile:student:${intId(n)}`, match: re(`profile:student:${INT}`), value: json('profile', 300, 900), ttl: fixed(LMS_TTL.LONG), weight: 15 },
  { name: 'lms.teacherProfile', id: intId, key: (n) => `profile:teacher:${intId(n)}`, match: re(`profile:teacher:${INT}`), value: json('profile', 300, 900), ttl: fixed(LMS_TTL.LONG), weight: 5 },
  { name: 'lms.analytics', id: (n) => ANALYTICS[n]!, key: (n) => `analytics:${ANALYTICS[n]}`, match: re('analytics:(platform|enrollment|revenue)'), value: json('analytics', 1000, 4000), ttl: fixed(LMS_TTL.VERY_LONG), weight: 2, cardinality: 3 },
];


/**
 * Keys of the types the five layouts do not use, in each app's naming style: what the key
 * browser needs to show every Redis type. Only the `all` profile seeds them.
 */
const EXTRA_TYPES: KeySpec[] = [
  { name: 'vtp.enrolled', id: intId, key: (n) => `course:${intId(n)}:students`, match: re(`course:${INT}:students`), value: { kind: 'set', member: 'uuid', size: [5, 60] }, ttl: fixed(2 * HOUR), weight: 3 },
  { name: 'vtp.leaderboard', id: intId, key: (n) => `leaderboard:course:${intId(n)}`, match: re(`leaderboard:course:${INT}`), value: { kind: 'zset', member: 'uuid', size: [10, 100] }, ttl: fixed(DAY), weight: 2 },
  { name: 'vtp.notifications', id: (n) => uuidId('vtp.user', n), key: (n) => `notifications:${uuidId('vtp.user', n)}`, match: re(`notifications:${UUID}`), value: { kind: 'list', doc: 'notification', size: [3, 20] }, ttl: fixed(7 * DAY), weight: 3 },
  { name: 'vtp.progress', id: (n) => uuidId('vtp.user', n), key: (n) => `progress:user:${uuidId('vtp.user', n)}`, match: re(`progress:user:${UUID}`), value: { kind: 'hash', doc: 'progress' }, ttl: fixed(7 * DAY), weight: 3 },
  { name: 'vtp.events', id: one(''), key: one('events:recordings'), match: re('events:recordings'), value: { kind: 'stream', doc: 'event', size: [20, 50] }, ttl: null, weight: 1, cardinality: 1 },
  { name: 'gomeet.chat', id: intId, key: (n) => `meeting:chat:${intId(n)}`, match: re(`meeting:chat:${INT}`), value: { kind: 'stream', doc: 'message', size: [5, 40] }, ttl: fixed(DAY), weight: 3 },
  { name: 'gomeet.online', id: intId, key: (n) => `meeting:online:${intId(n)}`, match: re(`meeting:online:${INT}`), value: { kind: 'set', member: 'uuid', size: [2, 40] }, ttl: fixed(10 * MIN), weight: 3 },
  { name: 'gomeet.hands', id: intId, key: (n) => `meeting:hands:${intId(n)}`, match: re(`meeting:hands:${INT}`), value: { kind: 'list', doc: 'participant', size: [1, 10] }, ttl: fixed(10 * MIN), weight: 1 },
  { name: 'gomeet.settings', id: intId, key: (n) => `user:settings:${intId(n)}`, match: re(`user:settings:${INT}`), value: { kind: 'hash', doc: 'settings' }, ttl: fixed(30 * MIN), weight: 3 },
  { name: 'gomeet.topHosts', id: one(''), key: one('leaderboard:hosts'), match: re('leaderboard:hosts'), value: { kind: 'zset', member: 'int', size: [20, 200] }, ttl: null, weight: 1, cardinality: 1 },
  { name: 'hypersdk.session', id: intId, key: (n) => `user:${intId(n)}:session`, match: re(`user:${INT}:session`), value: { kind: 'hash', doc: 'session' }, ttl: fixed(HOUR), weight: 4 },
  { name: 'hypersdk.roles', id: intId, key: (n) => `user:${intId(n)}:roles`, match: re(`user:${INT}:roles`), value: { kind: 'set', member: 'word', size: [1, 5] }, ttl: fixed(HOUR), weight: 3 },
  { name: 'hypersdk.ranking', id: one(''), key: one('product:ranking'), match: re('product:ranking'), value: { kind: 'zset', member: 'int', size: [100, 500] }, ttl: null, weight: 1, cardinality: 1 },
  { name: 'hypersdk.jobs', id: one(''), key: one('queue:jobs'), match: re('queue:jobs'), value: { kind: 'list', doc: 'event', size: [5, 50] }, ttl: null, weight: 1, cardinality: 1 },
  { name: 'hypersdk.events', id: one(''), key: one('events:cache'), match: re('events:cache'), value: { kind: 'stream', doc: 'event', size: [20, 60] }, ttl: null, weight: 1, cardinality: 1 },
  { name: 'skillup.students', id: courseOid, key: (n) => `skillup:course:${courseOid(n)}:students`, match: re(`skillup:course:${OID}:students`), value: { kind: 'set', member: 'uuid', size: [5, 80] }, ttl: fixed(HOUR), weight: 4 },
  { name: 'skillup.progress', id: oid, key: (n) => `skillup:progress:${oid(n)}`, match: re(`skillup:progress:${OID}`), value: { kind: 'hash', doc: 'progress' }, ttl: fixed(30 * MIN), weight: 6 },
  { name: 'skillup.leaderboard', id: one(''), key: one('skillup:leaderboard'), match: re('skillup:leaderboard'), value: { kind: 'zset', member: 'uuid', size: [50, 300] }, ttl: fixed(HOUR), weight: 1, cardinality: 1 },
  { name: 'skillup.emails', id: one(''), key: one('skillup:queue:emails'), match: re('skillup:queue:emails'), value: { kind: 'list', doc: 'notification', size: [1, 30] }, ttl: null, weight: 1, cardinality: 1 },
  { name: 'skillup.events', id: one(''), key: one('skillup:events'), match: re('skillup:events'), value: { kind: 'stream', doc: 'event', size: [20, 60] }, ttl: null, weight: 1, cardinality: 1 },
  { name: 'lms.enrollments', id: cuid, key: (n) => `course:${cuid(n)}:enrollments`, match: re(`course:${CUID}:enrollments`), value: { kind: 'set', member: 'int', size: [5, 100] }, ttl: fixed(LMS_TTL.VERY_LONG), weight: 3 },
  { name: 'lms.leaderboard', id: cuid, key: (n) => `leaderboard:course:${cuid(n)}`, match: re(`leaderboard:course:${CUID}`), value: { kind: 'zset', member: 'int', size: [10, 100] }, ttl: fixed(LMS_TTL.DAY), weight: 2 },
  { name: 'lms.notifications', id: intId, key: (n) => `notifications:student:${intId(n)}`, match: re(`notifications:student:${INT}`), value: { kind: 'list', doc: 'notification', size: [1, 20] }, ttl: fixed(LMS_TTL.MEDIUM), weight: 3 },
  { name: 'lms.session', id: (n) => uuidId('lms.session', n), key: (n) => `session:${uuidId('lms.session', n)}`, match: re(`session:${UUID}`), value: { kind: 'hash', doc: 'session' }, ttl: fixed(LMS_TTL.DAY), weight: 4 },
  { name: 'lms.activity', id: one(''), key: one('activity:live'), match: re('activity:live'), value: { kind: 'stream', doc: 'event', size: [10, 40] }, ttl: fixed(LMS_TTL.SHORT), weight: 1, cardinality: 1 },
];

const constant = (glob: string, weight: number): PatternRule => ({ glob: () => glob, weight });

const PROFILES: Record<ProfileName, WorkloadProfile> = {
  vtp: {
    name: 'vtp',
    summary: 'Go service: users, gzip-compressed course details, sessions, rate-limit counters',
    specs: vtp,
    // As vtp's course service invalidates an updated course: its sub-keys, then the key itself.
    patterns: [
      { from: 'vtp.course', glob: (id) => `course:${id}:*`, weight: 3 },
      { from: 'vtp.course', glob: (id) => `course:${id}`, weight: 3, exact: true },
    ],
    maxmemoryPolicy: 'volatile-lru',
    defaultKeys: 20_000,
  },
  gomeet: {
    name: 'gomeet',
    summary: 'Go backend: meetings, paginated lists, feature flags, the app-side cache:stats JSON',
    specs: gomeet,
    // "Everything of meeting 42", the lists, and "everything of user U" — which matches nothing
    // when the user id sits mid-key (meeting:joined:<userID>:page:…), as in the app.
    patterns: [
      { from: 'gomeet.meeting', glob: (id) => `meeting:*:${id}`, weight: 4 },
      constant('meeting:list:*', 2),
      { from: 'gomeet.userProfile', glob: (id) => `meeting:*:${id}`, weight: 1 },
    ],
    maxmemoryPolicy: 'volatile-lru',
    defaultKeys: 20_000,
  },
  hypersdk: {
    name: 'hypersdk',
    summary: 'Go daemon cache library: ids mid-key, maxmemory with allkeys-lru eviction pressure',
    specs: hypersdk,
    // A user's update: the user key and everything under it.
    patterns: [
      { from: 'hypersdk.user', glob: (id) => `user:${id}:*`, weight: 1 },
      { from: 'hypersdk.user', glob: (id) => `user:${id}`, weight: 1, exact: true },
    ],
    maxmemoryPolicy: 'allkeys-lru',
    // More than a 64 MB demo server holds: evictions from the start, as in production.
    defaultKeys: 100_000,
  },
  skillup: {
    name: 'skillup',
    summary: 'Express + TypeScript API: every key under the skillup: prefix',
    specs: skillup,
    patterns: [{ from: 'skillup.user', glob: (id) => `skillup:*:${id}`, weight: 3 }, { from: 'skillup.course', glob: (id) => `skillup:course:${id}*`, weight: 1 }],
    maxmemoryPolicy: 'volatile-lru',
    defaultKeys: 20_000,
  },
  'lms-phase4': {
    name: 'lms-phase4',
    summary: 'Next.js on serverless Redis: dashboards, TTL classes 60 s to 1 day',
    specs: lms,
    patterns: [constant('dashboard:*', 2), constant('courses:*', 1), { from: 'lms.studentDashboard', glob: (id) => `*:${id}`, weight: 3 }],
    maxmemoryPolicy: 'volatile-lru',
    defaultKeys: 20_000,
  },
};

const ALL: WorkloadProfile = {
  name: 'all',
  summary: 'All five layouts in one keyspace, plus keys of every other Redis type',
  specs: [...PROFILE_NAMES.flatMap((n) => PROFILES[n].specs), ...EXTRA_TYPES],
  patterns: PROFILE_NAMES.flatMap((n) => PROFILES[n].patterns),
  maxmemoryPolicy: 'allkeys-lru',
  defaultKeys: 50_000,
};

export function isProfileChoice(name: string): name is ProfileChoice {
  return name === 'all' || (PROFILE_NAMES as readonly string[]).includes(name);
}

export function getProfile(name: ProfileChoice): WorkloadProfile {
  return name === 'all' ? ALL : PROFILES[name];
}

/** The spec a key belongs to (first match), for tests and for describing a dataset. */
export function specOfKey(profile: WorkloadProfile, key: string): KeySpec | undefined {
  return profile.specs.find((s) => s.match.test(key));
}
