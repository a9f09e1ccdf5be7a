import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file';

export const DEFAULT_UNDO_LIMIT_BYTES = 256 * 1024 * 1024;

export interface ActionSettings {
  /** Largest undo file an invalidation may write; above it the preview says undo is unavailable. 0 = never keep undo. */
  undoLimitBytes: number;
}

/** Cache-control settings in the user data folder (written atomically). */
export class ActionSettingsStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'actions-settings.json');
  }

  async get(): Promise<ActionSettings> {
    try {
      const raw = JSON.parse(await fs.readFile(this.file, 'utf8')) as Partial<ActionSettings>;
      const limit = raw.undoLimitBytes;
      return { undoLimitBytes: typeof limit === 'number' && Number.isSafeInteger(limit) && limit >= 0 ? limit : DEFAULT_UNDO_LIMIT_BYTES };
    } catch {
      return { undoLimitBytes: DEFAULT_UNDO_LIMIT_BYTES };
    }
  }

  async set(settings: ActionSettings): Promise<ActionSettings> {
    await writeFileAtomic(this.file, JSON.stringify(settings, null, 2));
    return settings;
  }
}
