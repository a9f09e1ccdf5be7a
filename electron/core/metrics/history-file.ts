import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { MetricSample } from '../../../shared/contract';
import { writeFileAtomic } from '../atomic-file';
import { COARSE_CAPACITY } from './history';

const DAY_MS = 24 * 60 * 60_000;

/** What is checked of a stored minute: enough to chart it; the rest is what this app wrote. */
const StoredMinutes = z.object({
  version: z.literal(1),
  connectionId: z.string(),
  coarse: z.array(z.object({ ts: z.number(), connectionId: z.string() }).passthrough()).max(COARSE_CAPACITY),
});

/** The folder of per-connection history files in the data folder. */
export function historyDir(dataDir: string): string {
  return path.join(dataDir, 'history');
}

/**
 * One connection's minute history on disk (`history/<id>.json`): the last 24 h at 1 min, at most
 * COARSE_CAPACITY minutes (~2 MB), so a restart keeps the evening the user wants to look back on.
 * Reads tolerate a missing or damaged file (no history, not a refusal to open); writes are atomic
 * and serialised, the last one wins.
 */
export class HistoryFile {
  private writing: Promise<void> = Promise.resolve();
  readonly file: string;

  constructor(
    dir: string,
    private readonly connectionId: string,
  ) {
    this.file = path.join(dir, `${encodeURIComponent(connectionId)}.json`);
  }

  /** The stored minutes of the last 24 h before `now`, oldest first. */
  async load(now = Date.now()): Promise<MetricSample[]> {
    try {
      const parsed = StoredMinutes.safeParse(JSON.parse(await fs.readFile(this.file, 'utf8')));
      if (!parsed.success || parsed.data.connectionId !== this.connectionId) return [];
      return (parsed.data.coarse as unknown as MetricSample[]).filter((m) => m.ts > now - DAY_MS && m.ts <= now).sort((a, b) => a.ts - b.ts);
    } catch {
      return [];
    }
  }

  /** Queue a write of these minutes (taken now); resolves when they are on disk. */
  save(coarse: MetricSample[]): Promise<void> {
    const text = JSON.stringify({ version: 1, connectionId: this.connectionId, coarse: coarse.slice(-COARSE_CAPACITY) });
    const next = this.writing.then(() => writeFileAtomic(this.file, text));
    this.writing = next.catch(() => undefined);
    return next;
  }

  settled(): Promise<void> {
    return this.writing;
  }

  /** Delete the file (the connection was deleted), after any write under way. */
  async remove(): Promise<void> {
    await this.writing;
    await fs.rm(this.file, { force: true });
  }
}
