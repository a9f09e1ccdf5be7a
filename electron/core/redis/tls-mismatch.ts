import { CoreError } from '../errors';
import type { ResolvedProfile } from '../profile/profile';
import { probeProtocol } from './protocol-probe';

/**
 * Plaintext to a TLS port is reset at once; TLS to a plaintext port times out in the handshake.
 * Both look like network trouble: ask the port what it speaks, and say so when it is the other.
 */
export interface MismatchWords {
  /** What to do when the server expects TLS. */
  tlsOn: string;
  /** What to do when TLS was used against a plaintext port. */
  tlsOff: string;
}
export const CLI_WORDS: MismatchWords = { tlsOn: 'use rediss:// or --tls', tlsOff: 'use redis:// without --tls' };
export const APP_WORDS: MismatchWords = { tlsOn: 'use rediss:// or turn TLS on for this connection', tlsOff: 'use redis:// or turn TLS off for this connection' };

export async function tlsMismatch(profile: ResolvedProfile, cause: unknown, where: string, words: MismatchWords = CLI_WORDS): Promise<CoreError | null> {
  // Through SSH the port is not ours to probe directly (the tunnel says what failed).
  if (profile.ssh?.enabled) return null;
  const code = (cause as { code?: unknown } | null)?.code;
  const message = cause instanceof Error ? cause.message : '';
  if (!profile.tls.enabled && (code === 'ECONNRESET' || code === 'EPIPE' || /ECONNRESET|socket hang up/.test(message))) {
    if ((await probeProtocol(profile.host, profile.port, 'tls')) === 'tls')
      return new CoreError('TLS', `${where} expects TLS: ${words.tlsOn}.`);
  } else if (profile.tls.enabled && (code === 'ETIMEDOUT' || /ETIMEDOUT|EPROTO|wrong version number|packet length too long/i.test(message))) {
    if ((await probeProtocol(profile.host, profile.port, 'plain')) === 'plain')
      return new CoreError('TLS', `${where} does not speak TLS: ${words.tlsOff}.`);
  }
  return null;
}
