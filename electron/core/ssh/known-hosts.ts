import { createHmac, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keyTypeOf, knownHostName } from './fingerprint';

/** What the known_hosts files say about a host's key. */
export type HostKeyVerdict =
  | { kind: 'known'; file: string }
  /** The host is listed with other keys of the same type (or this key is @revoked): refuse. */
  | { kind: 'changed'; file: string; line: number; revoked: boolean }
  | { kind: 'unknown' };

interface Entry {
  marker: '' | '@revoked' | '@cert-authority';
  patterns: string;
  keyType: string;
  key: Buffer;
  line: number;
}

function parseLines(text: string): Entry[] {
  const out: Entry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: Entry['marker'] = '';
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') marker = fields.shift() as Entry['marker'];
    const [patterns, keyType, b64] = fields;
    if (!patterns || !keyType || !b64) return;
    out.push({ marker, patterns, keyType, key: Buffer.from(b64, 'base64'), line: i + 1 });
  });
  return out;
}

/** `|1|salt|hash`: HMAC-SHA1 of the host name under the salt (OpenSSH's HashKnownHosts). */
function hashedMatch(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || !salt || !hash) return false;
  const want = Buffer.from(hash, 'base64');
  const got = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  return want.length === got.length && timingSafeEqual(want, got);
}

/** OpenSSH's `*` and `?` wildcards over a whole name. */
function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** Does a comma-separated pattern list name this host? A `!negation` that matches wins. */
function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedMatch(patterns, name);
  let hit = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) hit = true;
  }
  return hit;
}

/** Look a host key up in the given known_hosts files (missing files count as empty). */
export async function checkHostKey(files: readonly string[], host: string, port: number, key: Buffer): Promise<HostKeyVerdict> {
  const name = knownHostName(host, port);
  const keyType = keyTypeOf(key);
  let changed: HostKeyVerdict | null = null;
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch {
      continue;
    }
    for (const e of parseLines(text)) {
      if (e.marker === '@cert-authority' || !patternsMatch(e.patterns, name)) continue;
      const same = e.key.equals(key);
      if (e.marker === '@revoked') {
        if (same) return { kind: 'changed', file, line: e.line, revoked: true };
        continue;
      }
      if (same) return { kind: 'known', file };
      // Another key of the same type for this host: the key changed. (A host listed with other
      // types only may simply offer a new type: OpenSSH treats that as unknown, so do we.)
      if (e.keyType === keyType) changed ??= { kind: 'changed', file, line: e.line, revoked: false };
    }
  }
  return changed ?? { kind: 'unknown' };
}

/** Remember a confirmed key in Cachescope's own file (plain `[host]:port type base64` line, 0600). */
export async function appendHostKey(file: string, host: string, port: number, key: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fs.appendFile(file, `${knownHostName(host, port)} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
}

export function defaultUserKnownHosts(): string {
  return path.join(os.homedir(), '.ssh', 'known_hosts');
}
