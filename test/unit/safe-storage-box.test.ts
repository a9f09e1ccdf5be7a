import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyFileSecretBox } from '../../electron/core/connections/secret-box';
import { createSafeStorageBox, type SafeStorageLike } from '../../electron/desktop/safe-storage-box';

/** A stand-in for Electron's safeStorage: a reversible byte transform, plus call tracking. */
function fakeSafeStorage(opts: { available: boolean; async?: boolean; backend?: string }) {
  const calls: string[] = [];
  const seal = (plain: string) => Buffer.from(Buffer.from(`FAKE:${plain}`, 'utf8').map((b) => b ^ 0x5a));
  const open = (sealed: Buffer) => {
    const text = Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8');
    if (!text.startsWith('FAKE:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return text.slice(5);
  };
  const storage: SafeStorageLike = {
    isEncryptionAvailable: () => (calls.push('isEncryptionAvailable'), opts.available),
    encryptString: (p) => (calls.push('encryptString'), seal(p)),
    decryptString: (b) => (calls.push('decryptString'), open(b)),
    ...(opts.backend ? { getSelectedStorageBackend: () => opts.backend! } : {}),
    ...(opts.async
      ? {
          isAsyncEncryptionAvailable: async () => (calls.push('isAsyncEncryptionAvailable'), opts.available),
          encryptStringAsync: async (p: string) => (calls.push('encryptStringAsync'), seal(p)),
          decryptStringAsync: async (b: Buffer) => (calls.push('decryptStringAsync'), { result: open(b), shouldReEncrypt: false }),
        }
      : {}),
  };
  return { storage, calls };
}

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'cachescope-ssbox-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

const PASSWORD = 'p@ss wörd 🔑\n';

describe('safeStorage available', () => {
  it('seals with ss1: and round-trips (sync API)', async () => {
    const { storage, calls } = fakeSafeStorage({ available: true });
    const box = await createSafeStorageBox(storage, dataDir);
    expect(box.kind).toBe('safe-storage');
    const sealed = await box.encrypt(PASSWORD);
    expect(sealed.startsWith('ss1:')).toBe(true);
    expect(sealed).not.toContain('wörd');
    expect(await box.decrypt(sealed)).toBe(PASSWORD);
    expect(calls).toEqual(['isEncryptionAvailable', 'encryptString', 'decryptString']);
  });

  it('prefers the async API when present', async () => {
    const { storage, calls } = fakeSafeStorage({ available: true, async: true });
    const box = await createSafeStorageBox(storage, dataDir);
    expect(await box.decrypt(await box.encrypt(PASSWORD))).toBe(PASSWORD);
    expect(calls).toEqual(['isAsyncEncryptionAvailable', 'encryptStringAsync', 'decryptStringAsync']);
  });

  it('still reads passwords saved by serve mode (key file, v1:)', async () => {
    const servedSealed = await new KeyFileSecretBox(dataDir).encrypt(PASSWORD);
    const { storage } = fakeSafeStorage({ available: true, async: true });
    const box = await createSafeStorageBox(storage, dataDir);
    expect(await box.decrypt(servedSealed)).toBe(PASSWORD);
  });

  it('rejects unknown formats and tampered ciphertext', async () => {
    const { storage } = fakeSafeStorage({ available: true });
    const box = await createSafeStorageBox(storage, dataDir);
    await expect(box.decrypt('plain')).rejects.toThrow(/unknown secret format/);
    await expect(box.decrypt(`ss1:${Buffer.from('garbage').toString('base64')}`)).rejects.toThrow();
  });
});

describe('safeStorage unavailable', () => {
  it.each([
    ['isEncryptionAvailable() is false', { available: false }],
    ['isAsyncEncryptionAvailable() resolves false', { available: false, async: true }],
    ['Linux basic_text backend', { available: true, backend: 'basic_text' }],
  ])('falls back to the key file when %s', async (_label, opts) => {
    const { storage, calls } = fakeSafeStorage(opts);
    const box = await createSafeStorageBox(storage, dataDir);
    expect(box.kind).toMatch(/^key-file \(safeStorage unavailable: .+\)$/);
    const sealed = await box.encrypt(PASSWORD);
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(await box.decrypt(sealed)).toBe(PASSWORD);
    // Same format and key as serve mode, so both read it.
    expect(await new KeyFileSecretBox(dataDir).decrypt(sealed)).toBe(PASSWORD);
    expect((await stat(path.join(dataDir, 'secret.key'))).mode & 0o777).toBe(0o600);
    expect(calls.filter((c) => c.startsWith('encrypt') || c.startsWith('decrypt'))).toEqual([]);
  });

  it('says why an ss1: secret cannot be read', async () => {
    const { storage: good } = fakeSafeStorage({ available: true });
    const sealed = await (await createSafeStorageBox(good, dataDir)).encrypt(PASSWORD);
    const { storage: missing } = fakeSafeStorage({ available: false });
    const box = await createSafeStorageBox(missing, dataDir);
    await expect(box.decrypt(sealed)).rejects.toThrow(/OS keychain/);
  });

  it('treats a throwing availability check as unavailable', async () => {
    const { storage } = fakeSafeStorage({ available: true });
    storage.isEncryptionAvailable = () => {
      throw new Error('not ready');
    };
    expect((await createSafeStorageBox(storage, dataDir)).kind).toMatch(/^key-file/);
  });
});
