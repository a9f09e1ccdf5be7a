import { SentinelConnector } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { resolveInput } from '../../electron/core/profile/profile';
import { clusterOptionsFor, redisOptionsFor } from '../../electron/core/redis/options';

const ssh = { enabled: true, host: 'bastion', port: 22, username: 'me', auth: 'agent' as const };

describe('a cluster or a Sentinel set through SSH', () => {
  it("gives every cluster node's client the SSH connector (each node dialled at its own address from the SSH host)", () => {
    const { profile } = resolveInput({ name: 'c', host: '10.0.0.5', port: 7000, kind: 'cluster', ssh });
    const options = clusterOptionsFor(profile, 'poll');
    expect(options.redisOptions?.Connector).toBeDefined();
    // No address map is made up: nodes keep the addresses they announce.
    expect(options.natMap).toBeUndefined();
  });

  it("gives a Sentinel set a Sentinel connector through SSH, and a single node the plain SSH connector", () => {
    const { profile } = resolveInput({ name: 's', host: '10.0.0.5', port: 26379, kind: 'sentinel', sentinel: { masterName: 'mymaster' }, ssh });
    const options = redisOptionsFor(profile, 'poll');
    expect(options.Connector).toBeDefined();
    expect(Object.prototype.isPrototypeOf.call(SentinelConnector, options.Connector!)).toBe(true);
    expect(options.name).toBe('mymaster');
    const single = resolveInput({ name: 'n', host: '10.0.0.5', port: 6379, ssh }).profile;
    const plain = redisOptionsFor(single, 'poll').Connector!;
    expect(plain).toBeDefined();
    expect(Object.prototype.isPrototypeOf.call(SentinelConnector, plain)).toBe(false);
  });

  it('refuses a Unix socket on the SSH host for a cluster or a Sentinel set, in words', () => {
    const sock = { ...ssh, redisSocket: '/run/redis.sock' };
    const cluster = resolveInput({ name: 'c', host: '10.0.0.5', port: 7000, kind: 'cluster', ssh: sock }).profile;
    expect(() => clusterOptionsFor(cluster, 'poll')).toThrow(/Unix socket on the SSH host \(\/run\/redis.sock\) reaches one server, not a Redis Cluster/);
    const sentinel = resolveInput({ name: 's', host: '10.0.0.5', port: 26379, kind: 'sentinel', sentinel: { masterName: 'm' }, ssh: sock }).profile;
    expect(() => redisOptionsFor(sentinel, 'poll')).toThrow(/not a Sentinel set/);
  });
});
