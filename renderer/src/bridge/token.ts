/**
 * The serve-mode access token. `cachescope serve` prints a URL with `#token=…`; the
 * fragment never reaches the server's logs. We keep it in sessionStorage so a reload
 * works, and strip it from the address bar so it doesn't end up in a screenshot.
 */
export const TOKEN_KEY = 'cachescope.token';

export interface TokenSources {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  history?: Pick<History, 'replaceState'>;
}

export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && /^[A-Za-z0-9_-]{16,256}$/.test(token) ? token : null;
}

export function takeToken({ location, storage, history }: TokenSources): string | null {
  const fromHash = tokenFromHash(location.hash);
  if (fromHash) {
    storage.setItem(TOKEN_KEY, fromHash);
    history?.replaceState(null, '', location.pathname + location.search);
    return fromHash;
  }
  return storage.getItem(TOKEN_KEY);
}
