import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { WarmRecipe } from '../../../shared/contract';
import { WarmRecipe as WarmRecipeSchema } from '../../../shared/contract';
import { writeFileAtomic } from '../atomic-file';
import { CoreError } from '../errors';

/** Named warm jobs, saved per connection in the user data folder, runnable again in one click. */
export class RecipeStore {
  private readonly file: string;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'warm-recipes.json');
  }

  async list(connectionId: string): Promise<WarmRecipe[]> {
    return (await this.readAll())[connectionId] ?? [];
  }

  async find(connectionId: string, name: string): Promise<WarmRecipe> {
    const r = (await this.list(connectionId)).find((x) => x.name === name);
    if (!r) throw new CoreError('NOT_FOUND', `No warm recipe named "${name}" on this connection.`);
    return r;
  }

  /** Save (or replace, by name). */
  save(connectionId: string, recipe: WarmRecipe): Promise<WarmRecipe[]> {
    return this.update(connectionId, (list) => [...list.filter((r) => r.name !== recipe.name), recipe]);
  }

  delete(connectionId: string, name: string): Promise<WarmRecipe[]> {
    return this.update(connectionId, (list) => list.filter((r) => r.name !== name));
  }

  private update(connectionId: string, change: (list: WarmRecipe[]) => WarmRecipe[]): Promise<WarmRecipe[]> {
    // One read-modify-write at a time, so two saves do not lose each other.
    const next = this.chain.then(async () => {
      const all = await this.readAll();
      const list = change(all[connectionId] ?? []);
      if (list.length > 0) all[connectionId] = list;
      else delete all[connectionId];
      await writeFileAtomic(this.file, JSON.stringify(all, null, 2));
      return list;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async readAll(): Promise<Record<string, WarmRecipe[]>> {
    let raw: unknown;
    try {
      raw = JSON.parse(await fs.readFile(this.file, 'utf8'));
    } catch {
      return {};
    }
    const out: Record<string, WarmRecipe[]> = {};
    if (raw && typeof raw === 'object')
      for (const [id, list] of Object.entries(raw)) {
        // Validate what comes off disk like any other input; drop what no longer parses.
        if (Array.isArray(list)) out[id] = list.flatMap((r) => {
          const p = WarmRecipeSchema.safeParse(r);
          return p.success ? [p.data] : [];
        });
      }
    return out;
  }
}
