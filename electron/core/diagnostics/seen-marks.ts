import path from 'node:path';
import { z } from 'zod';
import type { SlowlogMark } from '../../../shared/contract';
import { JsonFile } from '../alerts/json-file';

const Mark = z.object({ id: z.number().int(), ts: z.number() });
const Marks = z.record(z.string(), z.record(z.string(), Mark));
type Marks = z.infer<typeof Marks>;

/**
 * Per connection and node, the newest slow log id the user has seen — kept in the data folder,
 * so "new since your last look" still means that after a restart of the app.
 */
export class SeenMarks {
  private readonly file: JsonFile<Marks>;
  private marks: Promise<Marks>;

  constructor(dataDir: string) {
    this.file = new JsonFile(path.join(dataDir, 'slowlog-seen.json'), Marks, () => ({}));
    this.marks = this.file.read();
  }

  async of(connectionId: string): Promise<Record<string, SlowlogMark>> {
    return (await this.marks)[connectionId] ?? {};
  }

  /** Marks only move forward (a late "seen" from another window must not bring old entries back). */
  async mark(connectionId: string, upTo: Record<string, SlowlogMark>): Promise<void> {
    const all = await this.marks;
    const mine = { ...(all[connectionId] ?? {}) };
    for (const [address, m] of Object.entries(upTo)) {
      const had = mine[address];
      if (!had || m.ts > had.ts || (m.ts === had.ts && m.id > had.id)) mine[address] = m;
    }
    const next = { ...all, [connectionId]: mine };
    this.marks = Promise.resolve(next);
    await this.file.write(next);
  }
}
