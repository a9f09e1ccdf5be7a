import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file';

interface ListingFile {
  version: 1;
  dismissed: boolean;
}

/**
 * Whether the environment's default connection is listed beside the saved ones. It stays
 * listed (and polled) when a connection is added, until the user dismisses it; the choice is
 * kept in `<dataDir>/default-connection.json` so it survives a restart. An unreadable file
 * counts as "not dismissed": showing one connection too many is the safe side.
 */
export class DefaultListing {
  private readonly file: string;
  private cached: boolean | null = null;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'default-connection.json');
  }

  async dismissed(): Promise<boolean> {
    this.cached ??= await this.load();
    return this.cached;
  }

  async setDismissed(dismissed: boolean): Promise<void> {
    const body: ListingFile = { version: 1, dismissed };
    await writeFileAtomic(this.file, JSON.stringify(body) + '\n');
    this.cached = dismissed;
  }

  private async load(): Promise<boolean> {
    try {
      const parsed: unknown = JSON.parse(await fs.readFile(this.file, 'utf8'));
      return typeof parsed === 'object' && parsed !== null && (parsed as Partial<ListingFile>).dismissed === true;
    } catch {
      return false;
    }
  }
}
