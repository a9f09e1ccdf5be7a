import { useState } from 'react';
import type { SshHostKeySeen } from '../../../shared/contract/profiles';
import { useServices } from '../app/context';

/** `[host]:port` (known_hosts' name for a non-22 port) → the bare host. */
const bareHost = (name: string) => /^\[(.*)\]:\d+$/.exec(name)?.[1] ?? name;

/**
 * An open connection stopped at an unknown SSH host key: show its fingerprint and let the user
 * trust it (the core remembers it only if it is the key it saw), then connect again.
 */
export function HostKeyConfirm({ connectionId, hostKey }: { connectionId: string; hostKey: SshHostKeySeen }) {
  const { actions } = useServices();
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const trust = async () => {
    setBusy(true);
    const reply = await actions.trustHostKey({ host: bareHost(hostKey.host), port: hostKey.port, fingerprint: hostKey.fingerprint });
    setBusy(false);
    if (!reply.ok) return setProblem(reply.error.message);
    await actions.retry(connectionId);
  };
  return (
    <div className="hint" data-testid="ssh-hostkey-confirm">
      <p>
        {hostKey.host} offers a {hostKey.keyType} key with fingerprint <code data-testid="ssh-hostkey-fingerprint">{hostKey.fingerprint}</code>. Trust it only if it
        matches what the server&apos;s administrator gives you; it is then remembered in Cachescope&apos;s own known_hosts.
      </p>
      <button type="button" className="btn btn-primary" data-testid="ssh-hostkey-trust" disabled={busy} onClick={() => void trust()}>
        Trust this host key and connect
      </button>
      {problem && (
        <p className="tone-bad" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
