import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ActionSettings } from '../../../shared/contract';
import { writeFileAtomic } from '../atomic-file';

export type { ActionSettings } from '../../../shared/contract';

export const DEFAULT_UNDO_LIMIT_BYTES = 256 * 1024 * 1024;
export const DEFAULT_UNDO_KEEP_DAYS = 7;
export const DEFAULT_UNDO_KEEP_BYTES = 2 * 1024 ** 3;

export const DEFAULT_ACTION_SETTINGS: Readonly<ActionSettings> = {
  undoLimitBytes: DEFAULT_UNDO_LIMIT_BYTES,
  undoKeepDays: DEFAULT_UNDO_KEEP_DAYS,
  undoKeepBytes: DEFAULT_UNDO_KEEP_BYTES,
};

const FIELDS = Object.keys(DEFAULT_ACTION_SETTINGS) as (keyof ActionSettings)[];

/** Each field read on its own: a bad or missing one falls back to its default, the others stand. */
export function settingsFrom(raw: unknown): ActionSettings {
  const o = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const out: ActionSettings = { ...DEFAULT_ACTION_SETTINGS };
  for (const field of FIELDS) {
    const parsed = ActionSettings.shape[field].safeParse(o[field]);
    if (parsed.success) out[field] = parsed.data;
  }
  return out;
}

/** Cache-control settings in the user data folder (written atomically). */
export class ActionSettingsStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'actions-settings.json');
  }

  async get(): Promise<ActionSettings> {
    try {
      return settingsFrom(JSON.parse(await fs.readFile(this.file, 'utf8')));
    } catch {
      return { ...DEFAULT_ACTION_SETTINGS };
    }
  }

  /** Change the given fields; the others keep their current values. */
  async set(patch: Partial<ActionSettings>): Promise<ActionSettings> {
    const next = await this.get();
    for (const field of FIELDS) {
      const value = patch[field];
      if (value !== undefined) next[field] = value;
    }
    await writeFileAtomic(this.file, JSON.stringify(next, null, 2));
    return next;
  }
}
