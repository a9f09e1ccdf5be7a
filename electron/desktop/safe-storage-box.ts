import { KeyFileSecretBox, type SecretBox } from '../core/connections/secret-box';

/**
 * The slice of Electron's `safeStorage` this box uses, typed structurally so the module never
 * imports `electron` (main injects the real object; tests inject a fake).
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
  getSelectedStorageBackend?(): string;
}

export const SAFE_STORAGE_PREFIX = 'ss1:';
const KEY_FILE_PREFIX = 'v1:';

/** Encrypts with the OS keychain via safeStorage; still reads `v1:` secrets saved by serve mode. */
export class SafeStorageSecretBox implements SecretBox {
  readonly kind = 'safe-storage';

  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly keyFile: SecretBox,
  ) {}

  async encrypt(plain: string): Promise<string> {
    const sealed = this.safeStorage.encryptStringAsync
      ? await this.safeStorage.encryptStringAsync(plain)
      : this.safeStorage.encryptString(plain);
    return SAFE_STORAGE_PREFIX + sealed.toString('base64');
  }

  async decrypt(sealed: string): Promise<string> {
    // Serve mode shares the data folder and seals with the key file; those stay readable here.
    if (sealed.startsWith(KEY_FILE_PREFIX)) return this.keyFile.decrypt(sealed);
    if (!sealed.startsWith(SAFE_STORAGE_PREFIX)) throw new Error('unknown secret format');
    const raw = Buffer.from(sealed.slice(SAFE_STORAGE_PREFIX.length), 'base64');
    if (this.safeStorage.decryptStringAsync) return (await this.safeStorage.decryptStringAsync(raw)).result;
    return this.safeStorage.decryptString(raw);
  }
}

/** The key-file box, labelled so the UI/logs can say why the OS keychain is not used. */
export class KeyFileFallbackBox implements SecretBox {
  readonly kind: string;
  private readonly inner: KeyFileSecretBox;

  constructor(dataDir: string, reason: string) {
    this.inner = new KeyFileSecretBox(dataDir);
    this.kind = `key-file (safeStorage unavailable: ${reason})`;
  }

  encrypt(plain: string): Promise<string> {
    return this.inner.encrypt(plain);
  }

  decrypt(sealed: string): Promise<string> {
    if (sealed.startsWith(SAFE_STORAGE_PREFIX)) {
      return Promise.reject(new Error('this password was saved with the OS keychain, which is unavailable now'));
    }
    return this.inner.decrypt(sealed);
  }
}

function storageBackend(safeStorage: SafeStorageLike): string | undefined {
  try {
    return safeStorage.getSelectedStorageBackend?.(); // Linux only
  } catch {
    return undefined;
  }
}

/**
 * Picks the box after `app.whenReady()` (safeStorage availability is only known then).
 * Linux without a keyring reports the `basic_text` backend: "encrypted" with a constant
 * password, weaker than a 0600 key file, so that counts as unavailable too.
 */
export async function createSafeStorageBox(safeStorage: SafeStorageLike, dataDir: string): Promise<SecretBox> {
  let available: boolean;
  try {
    available = safeStorage.isAsyncEncryptionAvailable
      ? await safeStorage.isAsyncEncryptionAvailable()
      : safeStorage.isEncryptionAvailable();
  } catch {
    available = false;
  }
  if (!available) return new KeyFileFallbackBox(dataDir, 'no OS keychain');
  if (storageBackend(safeStorage) === 'basic_text') {
    return new KeyFileFallbackBox(dataDir, 'only the basic_text backend (no keyring)');
  }
  return new SafeStorageSecretBox(safeStorage, new KeyFileSecretBox(dataDir));
}
