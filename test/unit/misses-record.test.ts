import { describe, expect, it } from 'vitest';
import { covers, merged, restoredValue, sameFlags } from '../../electron/core/misses/flags';
import { REMOVAL, RemovedKeys } from '../../electron/core/misses/removed-keys';
import { MissCounter, kindOf } from '../../electron/core/misses/counter';
import { fromWire } from '../../electron/core/keys/wire-bytes';

const k = (s: string) => Buffer.from(s);

describe('notify-keyspace-events letters', () => {
  it('adds only the missing letters to what the apps set, never K', () => {
    expect(merged('')).toBe('Emxeg$');
    expect(merged('Ex')).toBe('Exmeg$');
    expect(merged('KEA')).toBe('KEAm');
    expect(covers('AEm')).toBe(true);
    expect(covers('AE')).toBe(false);
    expect(merged('g$xeEm')).toBe('g$xeEm');
  });

  it('puts back the previous value, or takes away only its own letters when someone changed it since', () => {
    expect(restoredValue('xE', 'xEmeg$', 'g$xeEm')).toBe('xE');
    // The app added h meanwhile: h stays, watching's m, e, g, $ go.
    const v = restoredValue('xE', 'xEmeg$', 'g$hxeEm');
    expect(sameFlags(v, 'hxE')).toBe(true);
  });
});

describe('the record of recently removed keys', () => {
  it('remembers each key’s latest removal and forgets a key written again', () => {
    const r = new RemovedKeys(8);
    r.remember(k('a'), REMOVAL.expired, 1);
    r.remember(k('b'), REMOVAL.evicted, 2);
    r.remember(k('a'), REMOVAL.deleted, 3);
    expect(r.lookup(k('a'))).toEqual({ how: REMOVAL.deleted, at: 3 });
    expect(r.lookup(k('b'))).toEqual({ how: REMOVAL.evicted, at: 2 });
    expect(r.size).toBe(2);
    r.forget(k('b'));
    expect(r.lookup(k('b'))).toBeNull();
    expect(r.lookup(k('c'))).toBeNull();
  });

  it('holds the last `capacity` removals: the oldest go first, and the rest stay findable', () => {
    const cap = 1000;
    const r = new RemovedKeys(cap);
    for (let i = 0; i < 5000; i++) {
      r.remember(k(`key:${i}`), REMOVAL.expired, i);
      if (i % 7 === 0) r.forget(k(`key:${i - 3}`));
    }
    expect(r.size).toBeLessThanOrEqual(cap);
    expect(r.lookup(k('key:100'))).toBeNull();
    for (let i = 4001; i < 5000; i++) {
      const forgotten = (i + 3) % 7 === 0 && i + 3 < 5000;
      expect(r.lookup(k(`key:${i}`))?.at ?? null).toBe(forgotten ? null : i);
    }
    expect(r.oldestAt()).toBe(4000);
    expect(r.bytes).toBe(cap * 17 + 2048 * 4);
  });
});

describe('counting key events per namespace', () => {
  it('classifies events: misses, expiries, evictions, client deletes, writes; TTL changes are none', () => {
    expect(['keymiss', 'expired', 'evicted', 'del', 'rename_from', 'set', 'incrby', 'hset', 'expire', 'rename_to'].map(kindOf)).toEqual([
      'miss',
      'expired',
      'evicted',
      'delete',
      'delete',
      'write',
      'write',
      'write',
      'other',
      'write',
    ]);
  });

  it('classifies each miss by its key’s last removal, with the delay, per collapsed namespace', () => {
    const c = new MissCounter({ delimiter: ':', depth: 2, fold: null, collapseIds: true }, 100);
    c.add('keymiss', k('user:1:profile'), 0); // cold
    c.add('set', k('user:1:profile'), 1);
    c.add('expired', k('user:1:profile'), 1000);
    c.add('keymiss', k('user:1:profile'), 3000); // after expiry, 2 s
    c.add('evicted', k('user:2:profile'), 0);
    c.add('keymiss', k('user:2:profile'), 30_000); // after eviction, 30 s
    c.add('del', k('course:7'), 0);
    c.add('keymiss', k('course:7'), 700_000); // after delete, > 10 min
    c.add('del', k('course:8'), 0);
    c.add('set', k('course:8'), 5); // written again: its next miss is cold
    c.add('del', k('course:9'), 0);
    c.add('expire', k('course:9'), 0);
    expect(c.totals).toEqual({ misses: 4, expired: 1, evicted: 1, deleted: 3, writes: 2 });
    expect(c.causes()).toEqual({ cold: 1, afterExpiry: 1, afterEviction: 1, afterDelete: 1 });
    const { rows } = c.rows(10);
    const byName = Object.fromEntries(rows.map((r) => [fromWire(r.prefix).toString(), r]));
    expect(byName['user:*:']).toMatchObject({ pattern: true, misses: 3, expired: 1, evicted: 1, writes: 1, causes: { cold: 1, afterExpiry: 1, afterEviction: 1, afterDelete: 0 } });
    expect(byName['user:*:']!.delays.afterExpiry.within10s).toBe(1);
    expect(byName['user:*:']!.delays.afterEviction.within60s).toBe(1);
    expect(byName['course:']).toMatchObject({ misses: 1, deletes: 3, writes: 1, causes: { afterDelete: 1 } });
    expect(byName['course:']!.delays.afterDelete.later).toBe(1);
    expect(rows[0]!.prefix).toEqual({ utf8: 'user:*:' });
  });
});
