import { describe, expect, it } from 'vitest';
import { resolveInput } from '../../electron/core/profile/profile';
import { clusterOptionsFor, redisOptionsFor } from '../../electron/core/redis/options';

const ssh = { enabled: true, host: 'bastion', port: 22, username: 'me', auth: 'agent' as const };

describe('a cluster or a Sentinel set through SSH', () => {
  it('is refused in words (one forward cannot reach every node), not sent to the seed', () => {
    const { profile } = resolveInput({ name: 'c', host: '10.0.0.5', port: 7000, kind: 'cluster', ssh });
    expect(() => clusterOptionsFor(profile, 'poll')).toThrow(/Redis Cluster node.*through SSH is not built yet.*Pin the node/);
  });

  it('refuses a Sentinel set through SSH, and still builds a single node through SSH', () => {
    const { profile } = resolveInput({ name: 's', host: '10.0.0.5', port: 26379, kind: 'sentinel', sentinel: { masterName: 'mymaster' }, ssh });
    expect(() => redisOptionsFor(profile, 'poll')).toThrow(/Sentinel set through SSH is not built yet/);
    const single = resolveInput({ name: 'n', host: '10.0.0.5', port: 6379, ssh }).profile;
    expect(redisOptionsFor(single, 'poll').Connector).toBeDefined();
  });
});
