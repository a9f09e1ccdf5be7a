import type { ConnectionState, ProfileView } from '../../../shared/contract/profiles';
import { originWords } from '../app/origin-words';
import { useServices } from '../app/context';
import { useNow } from '../app/use-now';
import { useConnectionsStore } from '../stores/connections-store';
import { useUiStore } from '../stores/ui-store';
import { HostKeyConfirm } from './HostKeyConfirm';
import { StartDemoButton } from './StartDemoButton';
import { StatePanel } from '../ui/StatePanel';
import { DefaultOriginNote } from './DefaultOriginNote';

/** The environment names no Redis-protocol address (only Upstash's REST URL): nothing was tried. */
const ENV_NOT_REDIS = 'ENV_NOT_REDIS_PROTOCOL';

const address = (p: ProfileView) => `${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`;

/** Redis can't be reached: the reason in words, when we try again, and the ways out. */
export function UnreachablePanel({ profile, state }: { profile: ProfileView; state: ConnectionState }) {
  const { actions } = useServices();
  const { openAdd, openEdit } = useUiStore();
  const appInfo = useConnectionsStore((s) => s.appInfo);
  const now = useNow(1000);
  const retryIn = state.status === 'reconnecting' && state.nextRetryAt ? Math.max(0, Math.ceil((state.nextRetryAt - now) / 1000)) : null;
  const isDefault = profile.source === 'env';
  const nothingToTry = state.code === ENV_NOT_REDIS;
  const title = nothingToTry
    ? 'The environment names no Redis-protocol address'
    : state.code?.startsWith('SSH_') && profile.ssh
      ? `Cannot reach Redis through SSH (${profile.ssh.host})`
      : `Cannot reach Redis at ${address(profile)}`;
  return (
    <StatePanel
      testId="state-unreachable"
      tone="bad"
      title={title}
      actions={
        <>
          {!nothingToTry && (
            <button type="button" className="btn btn-primary" data-testid="retry-connection" onClick={() => void actions.retry(profile.id)}>
              Retry now
            </button>
          )}
          <button type="button" className="btn" data-testid="edit-connection" onClick={() => openEdit(profile)}>
            Edit connection
          </button>
          <button type="button" className="btn" data-testid="add-connection-guide" onClick={openAdd}>
            Add connection
          </button>
          {isDefault && <StartDemoButton />}
        </>
      }
    >
      <p className="reason" data-testid="unreachable-reason">
        {state.reason ?? 'The server did not answer.'}
      </p>
      {state.code === 'SSH_HOST_KEY_UNKNOWN' && state.hostKey && <HostKeyConfirm connectionId={profile.id} hostKey={state.hostKey} />}
      <DefaultOriginNote profile={profile} />
      {nothingToTry ? (
        <p className="muted">Nothing was connected, and no numbers are shown: name the Redis first.</p>
      ) : (
        <p className="muted">
          {state.status === 'reconnecting'
            ? retryIn && retryIn > 0
              ? `Cachescope keeps trying: next attempt in ${retryIn} s.`
              : 'Cachescope keeps trying…'
            : 'Cachescope stopped retrying because retrying cannot fix this; change the connection and try again.'}{' '}
          No numbers are shown until it answers.
        </p>
      )}
      {isDefault && (
        <div className="hint" data-testid="default-profile-hint">
          <p>
            This is the default connection{appInfo ? ` (${originWords(appInfo.defaultSource)})` : ''}. To watch a different Redis:
          </p>
          <ul>
            <li>
              use <strong>Add connection</strong> and paste its URL, like <code>redis://user:password@host:6379/0</code>;
            </li>
            <li>
              or start Cachescope with <code>REDIS_URL</code> set to its address;
            </li>
            <li>
              or start a local server here: <code>redis-server --port {profile.port}</code>;
            </li>
            <li>
              or just look around: <strong>Start demo</strong> runs a private Redis with a real app&apos;s cache layout and
              live cache-aside traffic (stopped when Cachescope exits).
            </li>
          </ul>
        </div>
      )}
    </StatePanel>
  );
}
