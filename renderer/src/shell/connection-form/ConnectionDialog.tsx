import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { EnvTag, ProfileInput, TestResult } from '../../../../shared/contract/profiles';
import { protectionLowered, protectionPhrase } from '../../../../shared/profile-protection';
import { formatInteger, formatLatency } from '../../../../shared/format';
import { useServices } from '../../app/context';
import { useConnectionsStore } from '../../stores/connections-store';
import { useUiStore, type DialogState } from '../../stores/ui-store';
import { originWords } from '../../app/origin-words';
import { applyUrl, emptyForm, formForDuplicate, formFromProfile, POLL_CHOICES, toProfileInput, urlError, withEnv, withKind, type FormField, type FormModel } from './form-model';
import { SshSection } from './SshSection';
import { TlsSection } from './TlsSection';
import type { TlsFormModel } from './tls-form';
import { unknownHostKey, type SshFormModel } from './ssh-form';
import type { TopologyFormModel } from './topology-form';
import { NodeList, TopologyChoice, TopologyDetails } from './TopologySection';

const ENVS: EnvTag[] = ['dev', 'staging', 'prod'];
/** The environment default's id (electron/core/connections/profile.ts). */
const ENV_PROFILE_ID = 'env-default';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy'; what: 'test' | 'save' | 'delete' }
  | { kind: 'tested'; result: TestResult }
  /** `hostKey`: an unknown SSH host key the user may confirm (then test again). */
  | { kind: 'error'; message: string; hostKey?: { host: string; port: number; fingerprint: string } | null }
  | { kind: 'confirm-delete' }
  /** The save turns read-only off or lowers the tag: the user types the connection's name first. */
  | { kind: 'confirm-protection'; input: ProfileInput; changes: string[]; typed: string };

function Field({ label, htmlFor, hint, children }: { label: string; htmlFor: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && <div className="field-hint">{hint}</div>}
    </div>
  );
}

/** The way back for a dismissed environment default: shown in "Add connection" while it is hidden. */
function HiddenDefault() {
  const { actions } = useServices();
  const close = useUiStore((s) => s.closeDialog);
  const defaultSource = useConnectionsStore((s) => s.appInfo?.defaultSource);
  const listed = useConnectionsStore((s) => s.profiles.some((p) => p.id === ENV_PROFILE_ID));
  if (!defaultSource || listed) return null;
  return (
    <p className="field-hint" data-testid="hidden-default">
      The default connection ({originWords(defaultSource)}) is hidden.{' '}
      <button type="button" className="btn btn-small" data-testid="show-default" onClick={() => void actions.showDefault().then((r) => r.ok && close())}>
        List it again
      </button>
    </p>
  );
}

/** Add, edit or duplicate a connection: paste a URL or fill the fields, Test, Save (which opens it); Delete from edit. */
export function ConnectionDialog({ dialog }: { dialog: NonNullable<DialogState> }) {
  const { actions } = useServices();
  const close = useUiStore((s) => s.closeDialog);
  const ref = useRef<HTMLDialogElement>(null);
  const uid = useId();
  const editing = dialog.kind === 'edit' ? dialog.profile : null;
  const source = dialog.kind === 'duplicate' ? dialog.profile : null;
  const [form, setForm] = useState<FormModel>(() => (editing ? formFromProfile(editing) : source ? formForDuplicate(source) : emptyForm()));
  const [nameAuto, setNameAuto] = useState(!editing && !source);
  const [url, setUrl] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [invalid, setInvalid] = useState<{ field: FormField; message: string } | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // showModal focuses the first control (the close button); start on the field that matters.
    d?.querySelector<HTMLElement>('[data-initial-focus]')?.focus();
    return () => d?.close();
  }, []);

  const id = (name: string) => `${uid}-${name}`;
  const update = (patch: Partial<FormModel>) => {
    setForm((f) => ({ ...f, ...patch }));
    setOutcome({ kind: 'idle' });
    setInvalid(null);
  };

  const onUrl = (value: string) => {
    setUrl(value);
    if (value.trim() === '' || urlError(value)) return;
    setForm((f) => applyUrl(nameAuto ? { ...f, name: '' } : f, value));
    setOutcome({ kind: 'idle' });
    setInvalid(null);
  };

  const build = () => {
    const built = toProfileInput(form);
    if (!built.ok) {
      setInvalid({ field: built.field, message: built.message });
      document.getElementById(id(built.field))?.focus();
      return null;
    }
    return built.input;
  };

  const runTest = async () => {
    const input = build();
    if (!input) return;
    setOutcome({ kind: 'busy', what: 'test' });
    const reply = await actions.test(input);
    setOutcome(
      reply.ok
        ? { kind: 'tested', result: reply.value }
        : { kind: 'error', message: reply.error.message, hostKey: reply.error.code === 'SSH_HOST_KEY_UNKNOWN' ? unknownHostKey(reply.error.message) : null },
    );
  };

  /** Remember the SSH host key the core has just shown (it checks the fingerprint), then test again. */
  const trustHostKey = async (key: { host: string; port: number; fingerprint: string }) => {
    setOutcome({ kind: 'busy', what: 'test' });
    const reply = await actions.trustHostKey(key);
    if (!reply.ok) return setOutcome({ kind: 'error', message: reply.error.message });
    await runTest();
  };
  const updateSsh = (patch: Partial<SshFormModel>) => update({ ssh: { ...form.ssh, ...patch } });
  const updateTlsFiles = (patch: Partial<TlsFormModel>) => update({ tlsFiles: { ...form.tlsFiles, ...patch } });
  const updateTopology = (patch: Partial<TopologyFormModel>) => update({ topology: { ...form.topology, ...patch } });
  const kind = form.topology.kind;

  const save = async (input: ProfileInput, confirmation?: string) => {
    setOutcome({ kind: 'busy', what: 'save' });
    const reply = await actions.save(confirmation === undefined ? input : { ...input, confirmation });
    if (reply.ok) close();
    else setOutcome({ kind: 'error', message: reply.error.message });
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (outcome.kind === 'confirm-protection') {
      // Enter in the name field confirms, once the name matches.
      if (editing && outcome.typed === protectionPhrase(editing)) await save(outcome.input, outcome.typed);
      return;
    }
    const input = build();
    if (!input) return;
    const changes = editing ? protectionLowered(editing, { readOnly: input.readOnly ?? false, env: input.env ?? 'dev' }) : [];
    if (changes.length > 0) return setOutcome({ kind: 'confirm-protection', input, changes, typed: '' });
    setOutcome({ kind: 'busy', what: 'save' });
    const reply = await actions.save(input);
    if (reply.ok) close();
    else setOutcome({ kind: 'error', message: reply.error.message });
  };

  const runDelete = async () => {
    if (!editing) return;
    setOutcome({ kind: 'busy', what: 'delete' });
    const reply = await actions.remove(editing.id);
    if (reply.ok) close();
    else setOutcome({ kind: 'error', message: reply.error.message });
  };

  const badUrl = urlError(url);
  const busy = outcome.kind === 'busy';
  const fieldError = (field: FormField) =>
    invalid?.field === field ? (
      <span className="field-error" role="alert">
        {invalid.message}
      </span>
    ) : undefined;

  return (
    <dialog
      ref={ref}
      className="dialog"
      data-testid="connection-dialog"
      aria-labelledby={id('title')}
      onCancel={(e) => {
        // Esc: let React state close it, so the store and the element agree.
        e.preventDefault();
        close();
      }}
    >
      <form onSubmit={onSubmit} noValidate>
        <header className="dialog-header">
          <h2 id={id('title')}>{editing ? `Edit ${editing.name}` : source ? `Duplicate ${source.name}` : 'Add connection'}</h2>
          <button type="button" className="btn btn-ghost btn-small" aria-label="Close" onClick={close}>
            ✕
          </button>
        </header>

        <div className="dialog-body">
          {!editing && !source && <HiddenDefault />}
          <Field
            label="Paste a URL"
            htmlFor={id('url')}
            hint={
              badUrl ? (
                <span className="field-error">{badUrl}</span>
              ) : (
                'redis://[user:password@]host[:port][/db] — rediss:// for TLS; h1:7000,h2:7001 for a cluster; redis-sentinel://h1:26379,h2:26379#mymaster. Fills the fields below.'
              )
            }
          >
            <input
              id={id('url')}
              data-testid="form-url"
              type="text"
              data-initial-focus={editing || source ? undefined : ''}
              spellCheck={false}
              autoComplete="off"
              placeholder="redis://localhost:6379/0"
              value={url}
              onChange={(e) => onUrl(e.target.value)}
            />
          </Field>

          <div className="grid-2">
            <Field label="Name" htmlFor={id('name')}>
              <input
                id={id('name')}
                data-testid="form-name"
                type="text"
                data-initial-focus={editing || source ? '' : undefined}
                placeholder={`${form.host}:${form.port}`}
                value={form.name}
                onChange={(e) => {
                  setNameAuto(e.target.value === '');
                  update({ name: e.target.value });
                }}
              />
            </Field>
            <Field label="Environment" htmlFor={id('env-dev')}>
              <div className="segmented" role="radiogroup" aria-label="Environment">
                {ENVS.map((env) => (
                  <label key={env} className={`segment env-${env}${form.env === env ? ' on' : ''}`}>
                    <input
                      id={id(`env-${env}`)}
                      type="radio"
                      name={id('env')}
                      value={env}
                      data-testid={`form-env-${env}`}
                      checked={form.env === env}
                      onChange={() => {
                        setForm((f) => withEnv(f, env));
                        setOutcome({ kind: 'idle' });
                      }}
                    />
                    <span className="env-dot" aria-hidden="true" />
                    {env}
                  </label>
                ))}
              </div>
            </Field>
          </div>

          <TopologyChoice
            kind={kind}
            id={id}
            onKind={(k) => {
              setForm((f) => withKind(f, k));
              setOutcome({ kind: 'idle' });
              setInvalid(null);
            }}
          />
          {kind === 'standalone' ? (
            <div className="grid-host">
              <Field label="Host" htmlFor={id('host')} hint={fieldError('host')}>
                <input id={id('host')} data-testid="form-host" type="text" spellCheck={false} value={form.host} onChange={(e) => update({ host: e.target.value })} />
              </Field>
              <Field label="Port" htmlFor={id('port')} hint={fieldError('port')}>
                <input id={id('port')} data-testid="form-port" type="text" inputMode="numeric" value={form.port} onChange={(e) => update({ port: e.target.value })} />
              </Field>
              <Field label="DB" htmlFor={id('db')} hint={fieldError('db')}>
                <input id={id('db')} data-testid="form-db" type="text" inputMode="numeric" value={form.db} onChange={(e) => update({ db: e.target.value })} />
              </Field>
            </div>
          ) : (
            <div className={kind === 'sentinel' ? 'grid-nodes' : undefined}>
              <NodeList topology={form.topology} onChange={updateTopology} id={id} fieldError={fieldError} />
              {/* Redis Cluster has only db 0; a Sentinel-managed primary has them all. */}
              {kind === 'sentinel' && (
                <Field label="DB" htmlFor={id('db')} hint={fieldError('db')}>
                  <input id={id('db')} data-testid="form-db" type="text" inputMode="numeric" value={form.db} onChange={(e) => update({ db: e.target.value })} />
                </Field>
              )}
            </div>
          )}

          <div className="grid-2">
            <Field label="Username" htmlFor={id('username')} hint={kind === 'standalone' ? 'ACL user; leave empty for the default user' : 'ACL user of every data node; leave empty for the default user'}>
              <input
                id={id('username')}
                data-testid="form-username"
                type="text"
                autoComplete="off"
                spellCheck={false}
                value={form.username}
                onChange={(e) => update({ username: e.target.value })}
              />
            </Field>
            <Field
              label="Password"
              htmlFor={id('password')}
              hint={
                form.keepsStoredPassword
                  ? 'Leave empty to keep the saved password'
                  : source?.hasPassword
                    ? 'The password is not copied: type it again'
                    : 'Stored encrypted; never sent back to this page'
              }
            >
              <input
                id={id('password')}
                data-testid="form-password"
                type="password"
                autoComplete="new-password"
                placeholder={form.keepsStoredPassword ? '•••••• (saved)' : ''}
                value={form.password}
                onChange={(e) => update({ password: e.target.value })}
              />
            </Field>
          </div>

          <div className="toggles">
            <label className="toggle">
              <input type="checkbox" data-testid="form-tls" checked={form.tls} onChange={(e) => update({ tls: e.target.checked })} />
              TLS
            </label>
            <label className={`toggle${form.tls ? '' : ' disabled'}`}>
              <input
                type="checkbox"
                data-testid="form-tls-verify"
                disabled={!form.tls}
                checked={form.tlsVerify}
                onChange={(e) => update({ tlsVerify: e.target.checked })}
              />
              Verify certificate
            </label>
            <label className="toggle">
              <input type="checkbox" data-testid="form-read-only" checked={form.readOnly} onChange={(e) => update({ readOnly: e.target.checked })} />
              Read-only (refuse changes)
            </label>
            <label className="toggle" title="The colour of this connection in the sidebar and header">
              Colour
              <input type="color" data-testid="form-color" value={form.color} onChange={(e) => update({ color: e.target.value })} />
            </label>
            <label className="toggle">
              Poll every
              <select data-testid="form-poll" value={form.pollSeconds} onChange={(e) => update({ pollSeconds: e.target.value })}>
                {(POLL_CHOICES.includes(form.pollSeconds) ? POLL_CHOICES : [form.pollSeconds, ...POLL_CHOICES]).map((s) => (
                  <option key={s} value={s}>
                    {s} s
                  </option>
                ))}
              </select>
            </label>
          </div>
          {form.tls && <TlsSection files={form.tlsFiles} onChange={updateTlsFiles} id={id} fieldError={fieldError} />}
          <TopologyDetails topology={form.topology} onChange={updateTopology} id={id} fieldError={fieldError} />
          <SshSection ssh={form.ssh} onChange={updateSsh} id={id} fieldError={fieldError} />
          {form.tls && !form.tlsVerify && (
            <p className="banner banner-warn" role="note">
              Certificate verification is off: anyone between you and this server can read and change the traffic.
            </p>
          )}

          <div className="outcome" aria-live="polite">
            {outcome.kind === 'busy' && (
              <span className="muted">
                <span className="spinner" aria-hidden="true" />
                {outcome.what === 'test' ? 'Testing…' : outcome.what === 'delete' ? 'Deleting…' : 'Saving…'}
              </span>
            )}
            {outcome.kind === 'tested' && (
              <span className="tone-ok" data-testid="form-test-result">
                ✓ Connected: Redis {outcome.result.version} · {outcome.result.mode === 'standalone' ? outcome.result.role : outcome.result.mode} ·{' '}
                {formatLatency(outcome.result.latencyMs)} ·{' '}
                {formatInteger(outcome.result.dbsize)} keys
              </span>
            )}
            {outcome.kind === 'confirm-delete' && editing && (
              <span className="confirm-delete" role="alert" data-testid="form-confirm-delete">
                Delete the saved connection “{editing.name}”? Redis itself is not touched.{' '}
                <button type="button" className="btn btn-small" onClick={() => setOutcome({ kind: 'idle' })}>
                  Keep it
                </button>{' '}
                <button type="button" className="btn btn-small btn-danger" data-testid="form-delete-confirm" onClick={() => void runDelete()}>
                  Delete
                </button>
              </span>
            )}
            {outcome.kind === 'confirm-protection' && editing && (
              <div className="confirm-delete" role="alert" data-testid="form-confirm-protection">
                <p>
                  This takes protection off “{editing.name}” ({outcome.changes.join(' and ')}): writes and deletes will be allowed. The change is written to the audit log.
                </p>
                <label>
                  Type <code>{protectionPhrase(editing)}</code> to confirm:{' '}
                  <input
                    type="text"
                    value={outcome.typed}
                    autoFocus
                    spellCheck={false}
                    data-testid="form-confirm-protection-input"
                    onChange={(e) => setOutcome({ ...outcome, typed: e.target.value })}
                  />
                </label>{' '}
                <button type="button" className="btn btn-small" onClick={() => setOutcome({ kind: 'idle' })}>
                  Keep protection
                </button>{' '}
                <button
                  type="button"
                  className="btn btn-small btn-danger"
                  data-testid="form-confirm-protection-save"
                  disabled={outcome.typed !== protectionPhrase(editing)}
                  onClick={() => void save(outcome.input, outcome.typed)}
                >
                  Save without protection
                </button>
              </div>
            )}
            {outcome.kind === 'error' && (
              <span className="tone-bad" role="alert" data-testid="form-error">
                {outcome.message}
              </span>
            )}
            {outcome.kind === 'error' && outcome.hostKey && (
              <div className="confirm-delete" data-testid="form-ssh-hostkey">
                <p>
                  Only trust this key if it matches what the server&apos;s administrator gives you: <code data-testid="form-ssh-fingerprint">{outcome.hostKey.fingerprint}</code>. It is
                  remembered in Cachescope&apos;s own known_hosts.
                </p>
                <button type="button" className="btn btn-small" data-testid="form-ssh-trust" onClick={() => void trustHostKey(outcome.hostKey!)}>
                  Trust this host key and test again
                </button>
              </div>
            )}
          </div>
        </div>

        <footer className="dialog-footer">
          <button type="button" className="btn" data-testid="form-cancel" onClick={close}>
            Cancel
          </button>
          {editing && editing.source === 'saved' && (
            <button type="button" className="btn btn-ghost btn-danger-text" data-testid="form-delete" disabled={busy} onClick={() => setOutcome({ kind: 'confirm-delete' })}>
              Delete…
            </button>
          )}
          <span className="spacer" />
          <button type="button" className="btn" data-testid="form-test" disabled={busy} onClick={() => void runTest()}>
            Test
          </button>
          <button type="submit" className="btn btn-primary" data-testid="form-save" disabled={busy}>
            Save and open
          </button>
        </footer>
      </form>
    </dialog>
  );
}
