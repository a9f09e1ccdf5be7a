import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file';
import { CoreError } from '../errors';
import { keepSecrets, resolveInput, type ResolvedProfile, type ResolvedSsh } from '../profile/profile';
import type { SecretBox } from './secret-box';

interface StoredProfile extends Omit<ResolvedProfile, 'password' | 'source' | 'ssh' | 'sentinel'> {
  sentinel?: Omit<NonNullable<ResolvedProfile['sentinel']>, 'password'>;
  sentinelPasswordSealed?: string;
  passwordSealed?: string;
  /** The SSH settings without their secrets, which are sealed beside them. */
  ssh?: Omit<ResolvedSsh, 'passphrase' | 'password'>;
  sshPassphraseSealed?: string;
  sshPasswordSealed?: string;
}
interface ProfileFile {
  version: 1;
  profiles: StoredProfile[];
}

/**
 * Saved connection profiles in `<dataDir>/connections.json`, written atomically, passwords
 * sealed by the SecretBox. A malformed file is moved aside (never deleted) and reported.
 */
export class ProfileStore {
  private readonly file: string;
  private cache: ResolvedProfile[] | null = null;
  /** Set when the file on disk could not be read; shown to the user. */
  warning: string | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly secrets: SecretBox,
  ) {
    this.file = path.join(dataDir, 'connections.json');
  }

  async list(): Promise<ResolvedProfile[]> {
    this.cache ??= await this.load();
    return this.cache;
  }

  async get(id: string): Promise<ResolvedProfile | undefined> {
    return (await this.list()).find((p) => p.id === id);
  }

  /** Save (insert or update). An omitted password (or SSH passphrase/password) keeps the stored one. */
  async save(input: unknown): Promise<ResolvedProfile> {
    const { profile, secretsGiven } = resolveInput(input);
    const list = [...(await this.list())];
    const index = list.findIndex((p) => p.id === profile.id);
    const old = index >= 0 ? list[index] : undefined;
    if (old) keepSecrets(profile, old, secretsGiven);
    if (index >= 0) list[index] = profile;
    else list.push(profile);
    await this.persist(list);
    return profile;
  }

  async delete(id: string): Promise<boolean> {
    const list = await this.list();
    const next = list.filter((p) => p.id !== id);
    if (next.length === list.length) return false;
    await this.persist(next);
    return true;
  }

  private async persist(list: ResolvedProfile[]): Promise<void> {
    const stored: StoredProfile[] = [];
    for (const { password, source: _source, ssh, sentinel, ...rest } of list) {
      const entry: StoredProfile = password ? { ...rest, passwordSealed: await this.secrets.encrypt(password) } : rest;
      if (sentinel) {
        const { password: sentinelPassword, ...settings } = sentinel;
        entry.sentinel = settings;
        if (sentinelPassword) entry.sentinelPasswordSealed = await this.secrets.encrypt(sentinelPassword);
      }
      if (ssh) {
        const { passphrase, password: sshPassword, knownHostsFile: _cliOnly, ...settings } = ssh;
        entry.ssh = settings;
        if (passphrase) entry.sshPassphraseSealed = await this.secrets.encrypt(passphrase);
        if (sshPassword) entry.sshPasswordSealed = await this.secrets.encrypt(sshPassword);
      }
      stored.push(entry);
    }
    const body: ProfileFile = { version: 1, profiles: stored };
    // Serialise writes so two quick saves cannot interleave their renames out of order.
    const write = this.writing.then(() => writeFileAtomic(this.file, JSON.stringify(body, null, 2) + '\n'));
    this.writing = write.catch(() => undefined);
    await write;
    this.cache = list;
  }

  private async load(): Promise<ResolvedProfile[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new CoreError('INTERNAL', `Cannot read ${this.file}: ${(e as Error).message}`);
    }
    try {
      const parsed = JSON.parse(text) as ProfileFile;
      if (parsed?.version !== 1 || !Array.isArray(parsed.profiles)) throw new Error('not a Cachescope connections file');
      const out: ResolvedProfile[] = [];
      for (const stored of parsed.profiles) {
        const { passwordSealed, sshPassphraseSealed, sshPasswordSealed, sentinelPasswordSealed, ...fields } = stored;
        const open = async (sealed: string | undefined, what: string): Promise<string | undefined> => {
          if (!sealed) return undefined;
          try {
            return await this.secrets.decrypt(sealed);
          } catch {
            this.warning = `The saved ${what} of "${fields.name}" could not be decrypted; enter it again.`;
            return undefined;
          }
        };
        const password = await open(passwordSealed, 'password');
        const passphrase = await open(sshPassphraseSealed, 'SSH key passphrase');
        const sshPassword = await open(sshPasswordSealed, 'SSH password');
        const ssh = fields.ssh ? { ...fields.ssh, ...(passphrase ? { passphrase } : {}), ...(sshPassword ? { password: sshPassword } : {}) } : undefined;
        const sentinelPassword = await open(sentinelPasswordSealed, 'Sentinel password');
        const sentinel = fields.sentinel ? { ...fields.sentinel, ...(sentinelPassword ? { password: sentinelPassword } : {}) } : undefined;
        const { profile } = resolveInput({ ...withoutExtras(fields), ...(password ? { password } : {}), ...(ssh ? { ssh } : {}), ...(sentinel ? { sentinel } : {}) }, fields.id);
        out.push(profile);
      }
      return out;
    } catch (e) {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      await fs.rename(this.file, aside).catch(() => undefined);
      this.warning = `Saved connections were unreadable (${(e as Error).message}); the file was kept as ${path.basename(aside)}.`;
      return [];
    }
  }
}

function withoutExtras(fields: Omit<StoredProfile, 'passwordSealed' | 'sshPassphraseSealed' | 'sshPasswordSealed' | 'sentinelPasswordSealed'>): Record<string, unknown> {
  const { id: _id, ...rest } = fields as StoredProfile & { source?: unknown };
  delete (rest as { source?: unknown }).source;
  return rest;
}
