import path from 'node:path';
import type { SshHostKeySeen, SshTrustArgs } from '../../../shared/contract';
import { CoreError } from '../errors';
import { sha256Fingerprint, keyTypeOf, knownHostName } from './fingerprint';
import { appendHostKey, checkHostKey, defaultUserKnownHosts, type HostKeyVerdict } from './known-hosts';

/**
 * Which known_hosts files this process honours: the user's (~/.ssh/known_hosts, or the CLI's
 * --ssh-known-hosts) and Cachescope's own in the data dir, where confirmed keys are remembered.
 * Process-wide because a process has one data dir; set by createCore.
 */
let userFile = defaultUserKnownHosts();
let appFile: string | null = null;

export function configureKnownHosts(options: { dataDir?: string; userFile?: string }): void {
  if (options.dataDir !== undefined) appFile = appKnownHostsFile(options.dataDir);
  if (options.userFile !== undefined) userFile = options.userFile;
}

export function appKnownHostsFile(dataDir: string): string {
  return path.join(dataDir, 'known_hosts');
}

/** Keys seen but unknown, by `[host]:port`: only a key the core has itself seen can be trusted. */
const seen = new Map<string, { key: Buffer; view: SshHostKeySeen }>();

export async function verifyHostKey(host: string, port: number, key: Buffer, userOverride?: string): Promise<HostKeyVerdict> {
  const files = [userOverride ?? userFile, ...(appFile ? [appFile] : [])];
  const verdict = await checkHostKey(files, host, port, key);
  if (verdict.kind === 'unknown') seen.set(knownHostName(host, port), { key, view: seenView(host, port, key) });
  return verdict;
}

export function seenView(host: string, port: number, key: Buffer): SshHostKeySeen {
  return { host: knownHostName(host, port), port, keyType: keyTypeOf(key), fingerprint: sha256Fingerprint(key) };
}

/** ssh.trustHostKey: remember the key just seen for host:port, if its fingerprint is the one confirmed. */
export async function trustHostKey(args: SshTrustArgs): Promise<SshHostKeySeen> {
  const entry = seen.get(knownHostName(args.host, args.port));
  if (!entry || entry.view.fingerprint !== args.fingerprint)
    throw new CoreError('BAD_REQUEST', `No unconfirmed SSH host key ${args.fingerprint} was seen for ${knownHostName(args.host, args.port)}: connect again to see its fingerprint.`);
  if (!appFile) throw new CoreError('INTERNAL', 'No data folder to remember SSH host keys in.');
  await appendHostKey(appFile, args.host, args.port, entry.key);
  seen.delete(knownHostName(args.host, args.port));
  return entry.view;
}
