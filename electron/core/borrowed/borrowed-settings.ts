import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../atomic-file';

/** The server settings Cachescope borrows (DESIGN invariant 11). */
export const BorrowedParameter = z.enum(['notify-keyspace-events', 'latency-monitor-threshold']);
export type BorrowedParameter = z.infer<typeof BorrowedParameter>;

/** One server setting Cachescope changed and has not put back yet. */
const Entry = z.object({
  address: z.string(),
  parameter: BorrowedParameter,
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

/** Per file: its writes take turns, also between the features that share it (each has its own instance). */
const chains = new Map<string, Promise<unknown>>();

/**
 * The settings Cachescope borrowed, in the data folder: written before CONFIG SET and removed
 * after the value is put back, so a crash (or kill -9) leaves a record the next start finds and
 * offers to restore. One instance per parameter; all share one file. Writes are serialised; the
 * file is written atomically.
 */
export class BorrowedSettings {
  private readonly file: string;

  constructor(
    dataDir: string,
    readonly parameter: BorrowedParameter,
  ) {
    this.file = path.join(dataDir, 'borrowed-settings.json');
  }

  add(entry: Omit<BorrowedEntry, 'pid' | 'parameter'>): Promise<void> {
    return this.change((all) => [...all.filter((e) => !(this.mine(e, entry.address) && e.pid === process.pid)), { ...entry, parameter: this.parameter, pid: process.pid }]);
  }

  /** Forget this address's entries: this process's own, or (`leftovers`) those of processes gone. */
  remove(address: string, which: 'own' | 'leftovers'): Promise<void> {
    return this.change((all) => all.filter((e) => !(this.mine(e, address) && (which === 'own' ? e.pid === process.pid : !alive(e.pid)))));
  }

  /** Entries of processes that are gone (a crash, a kill) for these addresses (any, without). */
  async leftovers(addresses?: string[]): Promise<BorrowedEntry[]> {
    const all = await this.read();
    return all.filter((e) => e.parameter === this.parameter && (!addresses || addresses.includes(e.address)) && !alive(e.pid));
  }

  /** This process's own entry for the address, if it borrowed the setting there. */
  async own(address: string): Promise<BorrowedEntry | undefined> {
    return (await this.read()).find((e) => this.mine(e, address) && e.pid === process.pid);
  }

  private mine(e: BorrowedEntry, address: string): boolean {
    return e.parameter === this.parameter && e.address === address;
  }

  private change(f: (all: BorrowedEntry[]) => BorrowedEntry[]): Promise<void> {
    const next = (chains.get(this.file) ?? Promise.resolve()).then(async () => {
      const entries = f(await this.read());
      await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, entries }, null, 2)}\n`);
    });
    chains.set(this.file, next.catch(() => undefined));
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
