import { describe, expect, it } from 'vitest';
import { ENV_COLORS, type ProfileView } from '../../shared/contract/profiles';
import { emptyForm, ENV_DEFAULT_COLORS, formForDuplicate, toProfileInput, withEnv } from '../../renderer/src/shell/connection-form/form-model';

const saved: ProfileView = {
  id: 'p1', name: 'Sessions', host: 'cache.internal', port: 6380, username: 'app', hasPassword: true, db: 3,
  tls: { enabled: true, verify: true }, connectTimeoutMs: 5000, readOnly: true, env: 'prod', color: '#123abc', pollIntervalMs: 2000, source: 'saved', kind: 'standalone', seeds: [], pinNode: false, natMap: [],
};

describe('connection form: colour and duplicate', () => {
  it('mirrors the core’s environment colours', () => {
    expect(ENV_DEFAULT_COLORS).toEqual(ENV_COLORS);
  });

  it('a default colour follows the environment; a chosen one stays', () => {
    const f = withEnv(emptyForm(), 'prod');
    expect(f.color).toBe(ENV_COLORS.prod);
    const custom = withEnv({ ...emptyForm(), color: '#123456' }, 'staging');
    expect(custom.color).toBe('#123456');
  });

  it('sends a colour only when it is not the environment default, and rejects a malformed one', () => {
    const plain = toProfileInput(withEnv(emptyForm(), 'staging'));
    expect(plain.ok && 'color' in plain.input).toBe(false);
    const custom = toProfileInput({ ...emptyForm(), color: '#ABCDEF' });
    expect(custom.ok && custom.input.color).toBe('#abcdef');
    expect(toProfileInput({ ...emptyForm(), color: 'red' })).toMatchObject({ ok: false, field: 'color' });
  });

  it('duplicates every setting but the id and the password', () => {
    const f = formForDuplicate(saved);
    expect(f.id).toBeUndefined();
    expect(f.name).toBe('Sessions (copy)');
    expect(f.keepsStoredPassword).toBe(false);
    const r = toProfileInput(f);
    expect(r.ok && r.input).toMatchObject({ host: 'cache.internal', port: 6380, db: 3, username: 'app', readOnly: true, env: 'prod', color: '#123abc', pollIntervalMs: 2000, password: '' });
    expect(r.ok && 'id' in r.input).toBe(false);
  });
});
