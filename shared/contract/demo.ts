import { z } from 'zod';

export const DEMO_PROFILES = ['vtp', 'gomeet', 'hypersdk', 'skillup', 'lms-phase4', 'all'] as const;

export interface DemoStatus {
  running: boolean;
  /** The saved connection the demo server is reachable through (opened on start). */
  connectionId: string | null;
  profile: (typeof DEMO_PROFILES)[number] | null;
  address: string | null;
  seededKeys: number;
}

/** "Start demo" from the UI: a private redis-server with a cache-aside workload, opened as a connection. */
export const demoCommands = {
  'demo.start': {
    args: z
      .object({
        profile: z.enum(DEMO_PROFILES).default('vtp'),
        keys: z.number().int().min(100).max(1_000_000).optional(),
        opsPerSec: z.number().int().min(1).max(50_000).optional(),
        hitTarget: z.number().min(0).max(1).optional(),
      })
      .strict()
      .default({ profile: 'vtp' }),
    reply: null as unknown as DemoStatus,
  },
  'demo.stop': { args: z.object({}).strict().default({}), reply: null as unknown as DemoStatus },
  'demo.status': { args: z.object({}).strict().default({}), reply: null as unknown as DemoStatus },
} as const;
