import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-file';

/** One server setting Cachescope changed and has not put back yet. */
const Entry = z.object({
  address: z.string(),
  parameter: z.literal('notify-keyspace-events'),
  previous: z.string(),
  set: z.string(),
  at: z.number(),
  pid: z.number().int(),
});
export type BorrowedEntry = z.infer<typeof Entry>;
const File = z.object({ version: z.literal(1), entries: z.array(Entry) });

/** Whether a process of this id still runs (its entries are its own business, not leftovers). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The settings Cachescope borrowed, in the data folder: written before CONFIG SET and removed
 * after the value is put back, so a crash (or kill -9) leaves a record the next start finds and
 * offers to restore. Writes are serialised; the file is written atomically.
 */
export class BorrowedSettings {
  private readonly file: string;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'borrowed-settings.json');
  }

  add(entry: Omit<BorrowedEntry, 'pid' | 'parameter'>): Promise<void> {
    return this.change((all) => [...all.filter((e) => !(e.address === entry.address && e.pid === process.pid)), { ...entry, parameter: 'notify-keyspace-events', pid: process.pid }]);
  }

  /** Forget this address's entries: this process's own, or (`leftovers`) those of processes gone. */
  remove(address: string, which: 'own' | 'leftovers'): Promise<void> {
    return this.change((all) => all.filter((e) => !(e.address === address && (which === 'own' ? e.pid === process.pid : !alive(e.pid)))));
  }

  /** Entries of processes that are gone (a crash, a kill) for these addresses. */
  async leftovers(addresses: string[]): Promise<BorrowedEntry[]> {
    const all = await this.read();
    return all.filter((e) => addresses.includes(e.address) && !alive(e.pid));
  }

  private change(f: (all: BorrowedEntry[]) => BorrowedEntry[]): Promise<void> {
    const next = this.chain.then(async () => {
      const entries = f(await this.read());
      await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, entries }, null, 2)}\n`);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<BorrowedEntry[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    try {
      const parsed = File.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data.entries : [];
    } catch {
      return [];
    }
  }
}
