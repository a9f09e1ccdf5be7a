import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../renderer/src/bridge/backoff';
import { takeToken, TOKEN_KEY, tokenFromHash } from '../../renderer/src/bridge/token';

const TOKEN = 'a'.repeat(64);

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('serve-mode token', () => {
  it('reads #token=… and rejects junk', () => {
    expect(tokenFromHash(`#token=${TOKEN}`)).toBe(TOKEN);
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('#token=<script>')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
  });

  it('keeps the token for a reload and strips it from the address bar', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const history = { replaceState: (_d: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)) };
    const got = takeToken({ location: { hash: `#token=${TOKEN}`, pathname: '/', search: '' }, storage, history });
    expect(got).toBe(TOKEN);
    expect(storage.data.get(TOKEN_KEY)).toBe(TOKEN);
    expect(replaced).toEqual(['/']);
    // The reload: no fragment any more, the stored token is used.
    expect(takeToken({ location: { hash: '', pathname: '/', search: '' }, storage })).toBe(TOKEN);
  });

  it('a new URL (server restarted, new token) wins over the stored one', () => {
    const storage = memoryStorage({ [TOKEN_KEY]: TOKEN });
    const fresh = 'b'.repeat(64);
    expect(takeToken({ location: { hash: `#token=${fresh}`, pathname: '/', search: '' }, storage })).toBe(fresh);
  });

  it('no fragment and nothing stored: no token', () => {
    expect(takeToken({ location: { hash: '', pathname: '/', search: '' }, storage: memoryStorage() })).toBeNull();
  });
});

describe('bridge reconnect backoff', () => {
  it('doubles from 250 ms up to 10 s, with bounded jitter', () => {
    expect(backoffMs(0, () => 0.5)).toBe(250);
    expect(backoffMs(1, () => 0.5)).toBe(500);
    expect(backoffMs(3, () => 0.5)).toBe(2000);
    expect(backoffMs(20, () => 0.5)).toBe(10_000);
    expect(backoffMs(20, () => 0)).toBe(8000);
    expect(backoffMs(20, () => 0.999)).toBeLessThanOrEqual(12_000);
  });
});
