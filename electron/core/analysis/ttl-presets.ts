import type { TtlPreset, TtlRule } from '../../../shared/contract/keyspace';

const MIN = 60;
const HOUR = 3600;
const DAY = 86400;
const rule = (pattern: string, maxTtlSec: number | null, note: string, requireTtl = true): TtlRule => ({ pattern, maxTtlSec, requireTtl, note });

/**
 * TTL policies of the five layouts (CACHE-LAYOUTS.md, and the patterns issue 17 adds from the
 * apps' code), offered as starting points. Rules are
 * checked in order and the first match applies, so specific patterns come before general ones
 * (`course:*:stats` before `course:*`).
 */
export const TTL_PRESETS: TtlPreset[] = [
  {
    name: 'vtp',
    description: 'Go service (go-redis): users, courses, sessions, stats, rate limits',
    rules: [
      rule('user:*', 30 * MIN, 'user JSON, 30 min'),
      rule('course:*', 2 * HOUR, 'course lists 5 min, details 2 h'),
      rule('instructors:list:*', 5 * MIN, 'instructor lists, 5 min'),
      rule('instructor:*', 2 * HOUR, 'instructor details, 2 h'),
      rule('session:*', 7 * DAY, 'sessions, 7 days'),
      rule('stats:course:*', DAY, 'course stats, 24 h'),
      rule('ratelimit:api:*', HOUR, 'rate-limit counters, 1 min – 1 h'),
    ],
  },
  {
    name: 'gomeet',
    description: 'Go backend: profiles, meetings, feature flags, paginated lists',
    rules: [
      rule('user:profile:*', 30 * MIN, 'user profiles, 30 min'),
      rule('meeting:details:*', 15 * MIN, 'meeting details, 15 min'),
      rule('meeting:participants:*', 10 * MIN, 'participants, 10 min'),
      rule('meeting:list:*', 5 * MIN, 'meeting lists, 5 min'),
      rule('meeting:joined:*', 5 * MIN, 'joined meetings, 5 min'),
      rule('meeting:upcoming:*', 5 * MIN, 'upcoming meetings, 5 min'),
      rule('meeting:past:*', 5 * MIN, 'past meetings, 5 min'),
      rule('feature_flag:*', 5 * MIN, 'feature flags, 5 min'),
      rule('public_user:*', 30 * MIN, 'public users, 30 min'),
      rule('cache:stats', DAY, "the app's own counters (JSON), 24 h, renewed on every write"),
    ],
  },
  {
    name: 'hypersdk',
    description: 'Go daemon cache library (allkeys-lru): users, products, tags, config',
    rules: [
      rule('user:*:profile', HOUR, 'user profiles, 1 h'),
      rule('user:*:settings', DAY, 'user settings, 24 h'),
      rule('user:*', DAY, 'users: 1 h – 24 h'),
      rule('profile:*', HOUR, 'profiles, 1 h'),
      rule('username', DAY, 'the library example key, 1 h – 24 h'),
      rule('count', DAY, 'the library example counter, 1 h – 24 h'),
      rule('product:*:details', 30 * MIN, 'product details, 30 min'),
      rule('tags:post:*', 30 * MIN, 'post tags, 30 min'),
      rule('config', 5 * MIN, 'config, 5 min'),
    ],
  },
  {
    name: 'skillup',
    description: 'Express API with REDIS_KEY_PREFIX=skillup:',
    rules: [
      rule('skillup:course:*', HOUR, 'courses, 1 h (REDIS_COURSE_TTL)'),
      rule('skillup:user:*', 30 * MIN, 'users, 30 min'),
      rule('skillup:session:*', 30 * MIN, 'sessions, 30 min'),
      rule('skillup:*', HOUR, 'anything else, REDIS_DEFAULT_TTL 1 h'),
    ],
  },
  {
    name: 'lms-phase4',
    description: 'Next.js on serverless Redis: dashboards, courses, profiles, analytics',
    rules: [
      rule('dashboard:*', 5 * MIN, 'dashboards, 5 min'),
      rule('courses:active', 5 * MIN, 'active courses, 5 min'),
      rule('course:*:stats', 5 * MIN, 'course stats, 5 min'),
      rule('course:*', 30 * MIN, 'courses, 30 min'),
      rule('profile:*', 30 * MIN, 'profiles, 30 min'),
      rule('analytics:*', HOUR, 'analytics, 1 h'),
    ],
  },
];
