import { describe, expect, it } from 'vitest';
import { ProfileSaveArgs, type ProfileView } from '../../shared/contract/profiles';
import { applyUrl, emptyForm, formForDuplicate, formFromProfile, toProfileInput, urlError, withKind } from '../../renderer/src/shell/connection-form/form-model';
import { parseHostPort } from '../../renderer/src/shell/connection-form/topology-form';

const saved: ProfileView = {
  id: 'p1',
  name: 'Sessions',
  host: 'cache.internal',
  port: 6380,
  username: 'app',
  hasPassword: true,
  db: 3,
  tls: { enabled: true, verify: true },
  connectTimeoutMs: 5000,
  readOnly: true,
  env: 'prod',
  color: '#f85149',
  pollIntervalMs: 2000,
  source: 'saved', kind: 'standalone', seeds: [], pinNode: false, natMap: [],
};

describe('connection form model', () => {
  it('fills every address field from a pasted URL and names the connection after it', () => {
    const f = applyUrl(emptyForm(), 'rediss://alice:p%40ss@redis.example.com:6390/4');
    expect(f).toMatchObject({ host: 'redis.example.com', port: '6390', username: 'alice', password: 'p@ss', db: '4', tls: true, name: 'redis.example.com:6390' });
  });

  it('keeps a name the user typed', () => {
    expect(applyUrl({ ...emptyForm(), name: 'Mine' }, 'redis://h:1/0').name).toBe('Mine');
  });

  it('explains a bad URL in words', () => {
    expect(urlError('http://x')).toMatch(/redis:\/\/ or rediss:\/\//);
    expect(urlError('redis://h/abc')).toMatch(/Database must be a number/);
    expect(urlError('redis:///5')).toMatch(/names no host/);
    expect(urlError('')).toBeNull();
    expect(() => applyUrl(emptyForm(), 'nonsense')).toThrow();
  });

  it('builds the contract input, defaulting the name to host:port', () => {
    const r = toProfileInput({ ...emptyForm(), host: ' 10.0.0.5 ', port: '7000', db: '1', pollSeconds: '0.5' });
    expect(r).toEqual({
      ok: true,
      input: {
        name: '10.0.0.5:7000',
        host: '10.0.0.5',
        port: 7000,
        db: 1,
        tls: { enabled: false, verify: true },
        readOnly: false,
        env: 'dev',
        pollIntervalMs: 500,
        password: '',
        kind: 'standalone',
        seeds: [],
        pinNode: false,
        natMap: [],
      },
    });
  });

  it('points at the wrong field with a reason', () => {
    expect(toProfileInput({ ...emptyForm(), port: '70000' })).toMatchObject({ ok: false, field: 'port' });
    expect(toProfileInput({ ...emptyForm(), port: '12a' })).toMatchObject({ ok: false, field: 'port' });
    expect(toProfileInput({ ...emptyForm(), host: '  ' })).toMatchObject({ ok: false, field: 'host' });
    expect(toProfileInput({ ...emptyForm(), db: '-1' })).toMatchObject({ ok: false, field: 'db' });
  });

  it('editing without retyping the password omits it, so the stored one is kept', () => {
    const form = formFromProfile(saved);
    expect(form.password).toBe('');
    const r = toProfileInput(form);
    expect(r.ok && r.input).toMatchObject({ id: 'p1', host: 'cache.internal', port: 6380, username: 'app', readOnly: true, env: 'prod', pollIntervalMs: 2000 });
    expect(r.ok && 'password' in r.input).toBe(false);
  });

  it('a pasted URL without a password replaces a stored one (the URL states the whole address)', () => {
    const r = toProfileInput(applyUrl(formFromProfile(saved), 'redis://cache.internal:6380/3'));
    expect(r.ok && r.input.password).toBe('');
  });

  it('verification is on whenever TLS is off, and only TLS can turn it off', () => {
    const r = toProfileInput({ ...emptyForm(), tls: false, tlsVerify: false });
    expect(r.ok && r.input.tls).toEqual({ enabled: false, verify: true });
    const t = toProfileInput({ ...emptyForm(), tls: true, tlsVerify: false });
    expect(t.ok && t.input.tls).toEqual({ enabled: true, verify: false });
  });

  describe('topology', () => {
    const clusterView: ProfileView = {
      ...saved,
      id: 'c1',
      name: 'Shards',
      host: '10.0.0.1',
      port: 7000,
      db: 0,
      hasPassword: false,
      kind: 'cluster',
      seeds: [
        { host: '10.0.0.2', port: 7001 },
        { host: '::1', port: 7002 },
      ],
      natMap: [{ from: { host: '172.18.0.2', port: 6379 }, to: { host: '127.0.0.1', port: 7000 } }],
    };
    const sentinelView: ProfileView = {
      ...saved,
      id: 's1',
      name: 'HA',
      host: '10.0.0.5',
      port: 26379,
      db: 2,
      kind: 'sentinel',
      seeds: [{ host: '10.0.0.6', port: 26379 }],
      sentinel: { masterName: 'mymaster', username: 'watcher', hasPassword: true },
    };

    it('editing a saved cluster profile sends every topology field back unchanged', () => {
      const form = formFromProfile(clusterView);
      expect(form.topology.nodes).toBe('10.0.0.1:7000\n10.0.0.2:7001\n[::1]:7002');
      const r = toProfileInput(form);
      expect(r.ok && r.input).toMatchObject({
        id: 'c1',
        host: '10.0.0.1',
        port: 7000,
        db: 0,
        kind: 'cluster',
        seeds: clusterView.seeds,
        pinNode: false,
        natMap: clusterView.natMap,
      });
      expect(r.ok && 'sentinel' in r.input).toBe(false);
    });

    it('editing a saved Sentinel profile keeps the stored sentinel password unless one is typed or it is removed', () => {
      const form = formFromProfile(sentinelView);
      const kept = toProfileInput(form);
      expect(kept.ok && kept.input).toMatchObject({ host: '10.0.0.5', port: 26379, db: 2, kind: 'sentinel', seeds: sentinelView.seeds, pinNode: false, natMap: [] });
      expect(kept.ok && kept.input.sentinel).toEqual({ masterName: 'mymaster', username: 'watcher' });
      const typed = toProfileInput({ ...form, topology: { ...form.topology, sentinelPassword: 's3cret' } });
      expect(typed.ok && typed.input.sentinel).toEqual({ masterName: 'mymaster', username: 'watcher', password: 's3cret' });
      const cleared = toProfileInput({ ...form, topology: { ...form.topology, clearSentinelPassword: true } });
      expect(cleared.ok && cleared.input.sentinel).toEqual({ masterName: 'mymaster', username: 'watcher', password: '' });
      // A duplicate does not carry the stored password: a blank box means none.
      const copy = toProfileInput(formForDuplicate(sentinelView));
      expect(copy.ok && copy.input.sentinel).toEqual({ masterName: 'mymaster', username: 'watcher', password: '' });
    });

    it('what the form builds for each topology is what the contract accepts', () => {
      for (const view of [saved, clusterView, sentinelView]) {
        const r = toProfileInput(formFromProfile(view));
        expect(r.ok).toBe(true);
        const parsed = ProfileSaveArgs.safeParse(r.ok ? r.input : null);
        expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
      }
    });

    it('a standalone profile round-trips "pin this node" and its address map', () => {
      const pinned = toProfileInput(formFromProfile({ ...saved, pinNode: true, natMap: clusterView.natMap }));
      expect(pinned.ok && pinned.input).toMatchObject({ host: 'cache.internal', port: 6380, kind: 'standalone', seeds: [], pinNode: true, natMap: clusterView.natMap });
    });

    it('switching the topology carries the address over, and back', () => {
      const base = { ...emptyForm(), host: '10.0.0.9', port: '6379', db: '3' };
      const asCluster = withKind(base, 'cluster');
      expect(asCluster.topology).toMatchObject({ kind: 'cluster', nodes: '10.0.0.9:6379' });
      expect(asCluster.db).toBe('0');
      // Sentinels listen on 26379 where the data node had the default port.
      expect(withKind(base, 'sentinel').topology.nodes).toBe('10.0.0.9:26379');
      const back = withKind({ ...asCluster, topology: { ...asCluster.topology, nodes: 'h2:7001\nh3:7002' } }, 'standalone');
      expect(back).toMatchObject({ host: 'h2', port: '7001', topology: { kind: 'standalone' } });
      // A cluster turned standalone no longer sends seeds.
      const r = toProfileInput(back);
      expect(r.ok && r.input).toMatchObject({ kind: 'standalone', seeds: [] });
    });

    it('points at the node list, the master name or a mapping with a reason', () => {
      const cluster = withKind(emptyForm(), 'cluster');
      expect(toProfileInput({ ...cluster, topology: { ...cluster.topology, nodes: '  ' } })).toMatchObject({ ok: false, field: 'topo-nodes', message: 'Enter at least one seed node as host:port.' });
      expect(toProfileInput({ ...cluster, topology: { ...cluster.topology, nodes: 'h1:7000\nh2:99999' } })).toMatchObject({ ok: false, field: 'topo-nodes', message: expect.stringContaining('Seed node 2 (“h2:99999”)') });
      const sentinel = withKind(emptyForm(), 'sentinel');
      expect(toProfileInput(sentinel)).toMatchObject({ ok: false, field: 'topo-master-name' });
      const badMap = { ...cluster, topology: { ...cluster.topology, natMap: [{ from: '', to: '' }, { from: '172.18.0.2', to: '127.0.0.1:7000' }] } };
      expect(toProfileInput(badMap)).toMatchObject({ ok: false, field: 'topo-nat-1-from' });
      // Blank rows are skipped; a mapping's reachable port defaults to the announced one.
      const okMap = { ...cluster, topology: { ...cluster.topology, natMap: [{ from: '', to: '' }, { from: '172.18.0.2:6379', to: 'localhost' }] } };
      const r = toProfileInput(okMap);
      expect(r.ok && r.input.natMap).toEqual([{ from: { host: '172.18.0.2', port: 6379 }, to: { host: 'localhost', port: 6379 } }]);
    });

    it('node lists: one per line or comma-separated, IPv6 in brackets, default ports, duplicates once', () => {
      const sentinel = withKind(emptyForm(), 'sentinel');
      const r = toProfileInput({ ...sentinel, topology: { ...sentinel.topology, nodes: 's1, s2:26380\n[fe80::1]\ns1:26379', masterName: ' mymaster ' } });
      expect(r.ok && r.input).toMatchObject({
        host: 's1',
        port: 26379,
        seeds: [
          { host: 's2', port: 26380 },
          { host: 'fe80::1', port: 26379 },
        ],
        sentinel: { masterName: 'mymaster', password: '' },
      });
      expect(parseHostPort('::1', 6379)).toBeNull();
      expect(parseHostPort('[::1]:7000', 6379)).toEqual({ host: '::1', port: 7000 });
      expect(parseHostPort('h:0', 6379)).toBeNull();
    });

    it('a pasted URL naming several hosts or sentinels fills the topology', () => {
      const clusterForm = applyUrl(emptyForm(), 'redis://n1:7000,[::1]:7001');
      expect(clusterForm.topology).toMatchObject({ kind: 'cluster', nodes: 'n1:7000\n[::1]:7001' });
      const c = toProfileInput(clusterForm);
      expect(c.ok && c.input).toMatchObject({ kind: 'cluster', host: 'n1', port: 7000, seeds: [{ host: '::1', port: 7001 }], db: 0 });
      // Lettuce's form: the password is the data nodes'; the sentinels' own stays apart.
      const sentinelForm = applyUrl(emptyForm(), 'redis-sentinel://:pw@s1,s2:26380/2#mymaster');
      expect(sentinelForm).toMatchObject({ password: 'pw', db: '2', topology: { kind: 'sentinel', nodes: 's1:26379\ns2:26380', masterName: 'mymaster' } });
      const s = toProfileInput(sentinelForm);
      expect(s.ok && s.input).toMatchObject({ kind: 'sentinel', host: 's1', port: 26379, seeds: [{ host: 's2', port: 26380 }], db: 2, password: 'pw', sentinel: { masterName: 'mymaster', password: '' } });
      // One data node: a cluster form takes it as its seed; a Sentinel form becomes a single node.
      const cluster = withKind({ ...emptyForm(), host: 'old', port: '1' }, 'cluster');
      expect(applyUrl(cluster, 'redis://n1:7000').topology).toMatchObject({ kind: 'cluster', nodes: 'n1:7000' });
      expect(applyUrl(withKind(emptyForm(), 'sentinel'), 'redis://n1:7000').topology.kind).toBe('standalone');
    });
  });
});

