import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TtlRuleSchema, WireBytes, type KeyspaceSettings } from '../../../shared/contract';
import { writeFileAtomic } from '../atomic-file';

export const DEFAULT_SETTINGS: KeyspaceSettings = { delimiter: ':', collapseIds: true, fold: null, ttlRules: [] };

const Stored = z.object({
  version: z.literal(1),
  connections: z.record(
    z.string(),
    z.object({
      delimiter: z.string().min(1).max(8),
      // Files written before the setting existed read as on.
      collapseIds: z.boolean().default(true),
      fold: WireBytes.nullable(),
      ttlRules: z.array(TtlRuleSchema),
    }),
  ),
});
type Stored = z.infer<typeof Stored>;

/**
 * Per-connection keyspace settings (delimiter, folded prefix, TTL rules) in one JSON file of
 * the data folder, written atomically; writes are serialised so two saves cannot interleave.
 * `defaultsFor`: what a connection starts with before anything is saved for it (the
 * environment's REDIS_KEY_PREFIX as the default connection's fold).
 */
export class KeyspaceSettingsStore {
  private readonly file: string;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly defaultsFor: (id: string) => Partial<KeyspaceSettings> = () => ({}),
  ) {
    this.file = path.join(dataDir, 'keyspace-settings.json');
  }

  async get(id: string): Promise<KeyspaceSettings> {
    const all = await this.read();
    return all.connections[id] ?? { ...DEFAULT_SETTINGS, ...this.defaultsFor(id) };
  }

  update(id: string, patch: Partial<KeyspaceSettings>): Promise<KeyspaceSettings> {
    const next = this.chain.then(async () => {
      const all = await this.read();
      const merged: KeyspaceSettings = { ...DEFAULT_SETTINGS, ...this.defaultsFor(id), ...all.connections[id], ...patch };
      all.connections[id] = merged;
      await writeFileAtomic(this.file, `${JSON.stringify(all, null, 2)}\n`);
      return merged;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<Stored> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return { version: 1, connections: {} };
    }
    const parsed = Stored.safeParse(safeJson(text));
    // A hand-edited or damaged file must not break browsing: start from defaults.
    return parsed.success ? parsed.data : { version: 1, connections: {} };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
