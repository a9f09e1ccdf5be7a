import type { ReactNode } from 'react';
import type { SshAuthMethod } from '../../../../shared/contract/profiles';
import type { SshFormModel } from './ssh-form';

const AUTHS: { value: SshAuthMethod; label: string }[] = [
  { value: 'agent', label: 'ssh-agent' },
  { value: 'key', label: 'Key file' },
  { value: 'password', label: 'Password' },
];

/** The connection form's SSH tunnel section: off by default; secrets are write-only, like the Redis password. */
export function SshSection({
  ssh,
  onChange,
  id,
  fieldError,
}: {
  ssh: SshFormModel;
  onChange: (patch: Partial<SshFormModel>) => void;
  id: (name: string) => string;
  fieldError: (field: `ssh-${string}`) => ReactNode;
}) {
  return (
    <fieldset className="ssh-section" data-testid="form-ssh">
      <label className="toggle">
        <input type="checkbox" data-testid="form-ssh-enabled" checked={ssh.enabled} onChange={(e) => onChange({ enabled: e.target.checked })} />
        Connect through an SSH host (Host and Port above are then resolved on the SSH host)
      </label>
      {ssh.enabled && (
        <>
          <div className="grid-host">
            <div className="field">
              <label htmlFor={id('ssh-host')}>SSH host</label>
              <input id={id('ssh-host')} data-testid="form-ssh-host" type="text" spellCheck={false} value={ssh.host} onChange={(e) => onChange({ host: e.target.value })} />
              <div className="field-hint">{fieldError('ssh-host')}</div>
            </div>
            <div className="field">
              <label htmlFor={id('ssh-port')}>SSH port</label>
              <input id={id('ssh-port')} data-testid="form-ssh-port" type="text" inputMode="numeric" value={ssh.port} onChange={(e) => onChange({ port: e.target.value })} />
              <div className="field-hint">{fieldError('ssh-port')}</div>
            </div>
            <div className="field">
              <label htmlFor={id('ssh-username')}>SSH user</label>
              <input id={id('ssh-username')} data-testid="form-ssh-username" type="text" autoComplete="off" spellCheck={false} value={ssh.username} onChange={(e) => onChange({ username: e.target.value })} />
              <div className="field-hint">{fieldError('ssh-username')}</div>
            </div>
          </div>
          <div className="segmented" role="radiogroup" aria-label="SSH authentication">
            {AUTHS.map((a) => (
              <label key={a.value} className={`segment${ssh.auth === a.value ? ' on' : ''}`}>
                <input type="radio" name={id('ssh-auth')} value={a.value} data-testid={`form-ssh-auth-${a.value}`} checked={ssh.auth === a.value} onChange={() => onChange({ auth: a.value })} />
                {a.label}
              </label>
            ))}
          </div>
          {ssh.auth === 'key' && (
            <div className="grid-2">
              <div className="field">
                <label htmlFor={id('ssh-key-file')}>Private key file</label>
                <input id={id('ssh-key-file')} data-testid="form-ssh-key-file" type="text" spellCheck={false} placeholder="~/.ssh/id_ed25519 (full path)" value={ssh.keyFile} onChange={(e) => onChange({ keyFile: e.target.value })} />
                <div className="field-hint">{fieldError('ssh-key-file') ?? 'Read by the app on this computer; never uploaded.'}</div>
              </div>
              <div className="field">
                <label htmlFor={id('ssh-passphrase')}>Key passphrase</label>
                <input
                  id={id('ssh-passphrase')}
                  data-testid="form-ssh-passphrase"
                  type="password"
                  autoComplete="new-password"
                  placeholder={ssh.keepsStoredPassphrase ? '•••••• (saved)' : 'none'}
                  value={ssh.passphrase}
                  onChange={(e) => onChange({ passphrase: e.target.value })}
                />
              </div>
            </div>
          )}
          {ssh.auth === 'password' && (
            <div className="field">
              <label htmlFor={id('ssh-password')}>SSH password</label>
              <input
                id={id('ssh-password')}
                data-testid="form-ssh-password"
                type="password"
                autoComplete="new-password"
                placeholder={ssh.keepsStoredPassword ? '•••••• (saved)' : ''}
                value={ssh.password}
                onChange={(e) => onChange({ password: e.target.value })}
              />
            </div>
          )}
          <div className="grid-2">
            <div className="field">
              <label htmlFor={id('ssh-jump')}>Jump host (optional)</label>
              <input id={id('ssh-jump')} data-testid="form-ssh-jump" type="text" spellCheck={false} placeholder="user@jump.example.com:22" value={ssh.jump} onChange={(e) => onChange({ jump: e.target.value })} />
              <div className="field-hint">{fieldError('ssh-jump') ?? 'Authenticated the same way, like ssh -J.'}</div>
            </div>
            <div className="field">
              <label htmlFor={id('ssh-redis-socket')}>Redis Unix socket on the SSH host (optional)</label>
              <input id={id('ssh-redis-socket')} data-testid="form-ssh-redis-socket" type="text" spellCheck={false} placeholder="/run/redis/redis.sock" value={ssh.redisSocket} onChange={(e) => onChange({ redisSocket: e.target.value })} />
              <div className="field-hint">{fieldError('ssh-redis-socket') ?? 'Instead of Host and Port.'}</div>
            </div>
          </div>
        </>
      )}
    </fieldset>
  );
}
