import { promises as fs } from 'node:fs';
import type { z } from 'zod';
import { writeFileAtomic } from '../atomic-file';

/**
 * One small JSON document in the data folder (alert rules, alert history, app-stats choices).
 * Reads tolerate a missing or damaged file (the feature falls back to defaults rather than
 * refusing to start); writes are atomic and serialised, so the last write always wins on disk.
 * Used by alerts/ and app-stats/.
 */
export class JsonFile<T> {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
    private readonly fallback: () => T,
  ) {}

  async read(): Promise<T> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return this.fallback();
    }
    try {
      const parsed = this.schema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : this.fallback();
    } catch {
      return this.fallback();
    }
  }

  /** Queue a write of `value` (taken now); resolves when it is on disk. */
  write(value: T): Promise<void> {
    const text = JSON.stringify(value, null, 1);
    const next = this.writing.then(() => writeFileAtomic(this.file, text));
    // A failed write must not wedge later ones; the caller of this write still sees the error.
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** Resolves when every queued write has settled. */
  settled(): Promise<void> {
    return this.writing;
  }
}
