import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Encrypts saved passwords. Desktop uses Electron safeStorage; serve mode a 0600 key file. */
export interface SecretBox {
  readonly kind: string;
  encrypt(plain: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
}

/** AES-256-GCM with a random IV per secret, the key in `<dataDir>/secret.key` (mode 0600). */
export class KeyFileSecretBox implements SecretBox {
  readonly kind = 'key-file';
  private key: Promise<Buffer> | null = null;

  constructor(private readonly dataDir: string) {}

  private loadKey(): Promise<Buffer> {
    this.key ??= (async () => {
      const file = path.join(this.dataDir, 'secret.key');
      try {
        const key = await fs.readFile(file);
        if (key.length === 32) return key;
        throw new Error(`${file} is not a 32-byte key; move it away to create a new one (saved passwords will need re-entering)`);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      await fs.mkdir(this.dataDir, { recursive: true, mode: 0o700 });
      const key = randomBytes(32);
      // 'wx' so two processes racing cannot both create (and one overwrite) the key.
      try {
        await fs.writeFile(file, key, { mode: 0o600, flag: 'wx' });
        return key;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFile(file);
        throw e;
      }
    })();
    return this.key;
  }

  async encrypt(plain: string): Promise<string> {
    const key = await this.loadKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  async decrypt(sealed: string): Promise<string> {
    if (!sealed.startsWith('v1:')) throw new Error('unknown secret format');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const key = await this.loadKey();
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}
