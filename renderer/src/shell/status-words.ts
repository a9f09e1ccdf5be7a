import type { ConnectionState, ConnectionStatus } from '../../../shared/contract/profiles';

export type Tone = 'ok' | 'warn' | 'bad' | 'muted';

const LABELS: Record<ConnectionStatus, { label: string; tone: Tone }> = {
  idle: { label: 'Not connected', tone: 'muted' },
  connecting: { label: 'Connecting…', tone: 'warn' },
  ready: { label: 'Connected', tone: 'ok' },
  reconnecting: { label: 'Unreachable — retrying', tone: 'bad' },
  error: { label: 'Unreachable', tone: 'bad' },
  closed: { label: 'Closed', tone: 'muted' },
};

/** Status as words and a colour tone, for the sidebar dot and the header. */
export function statusWords(state: ConnectionState | undefined): { label: string; tone: Tone } {
  if (!state) return LABELS.idle;
  if (state.status === 'error' && state.code === 'AUTH_FAILED') return { label: 'Authentication failed', tone: 'bad' };
  // Connected, but polls go unanswered (CLIENT PAUSE, a slow script): not lost, and not live.
  if (state.status === 'ready' && state.code === 'SLOW') return { label: 'Slow / paused', tone: 'warn' };
  if (state.status === 'ready' && state.code === 'NO_PERMISSION') return { label: 'Connected — limited by ACL', tone: 'warn' };
  return LABELS[state.status];
}

export function isUnreachable(state: ConnectionState | undefined): boolean {
  return state?.status === 'reconnecting' || state?.status === 'error';
}
