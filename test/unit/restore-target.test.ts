import { describe, expect, it } from 'vitest';
import { restoreTargetMismatch } from '../../shared/restore-target';

describe('restoreTargetMismatch (a restore goes back where its keys came from, or asks)', () => {
  it('is null for the same server and db, whatever name this machine goes by', () => {
    expect(restoreTargetMismatch({ server: '127.0.0.1:6379', db: 2 }, { host: '127.0.0.1', port: 6379, db: 2 })).toBeNull();
    expect(restoreTargetMismatch({ server: '127.0.0.1:6379', db: 0 }, { host: 'localhost', port: 6379, db: 0 })).toBeNull();
    expect(restoreTargetMismatch({ server: '[::1]:7000', db: 0 }, { host: '::1', port: 7000, db: 0 })).toBeNull();
    expect(restoreTargetMismatch({ server: 'Cache.Example.com:6380', db: 0 }, { host: 'cache.example.com', port: 6380, db: 0 })).toBeNull();
  });

  it('names both when the db, the port or the host differs', () => {
    expect(restoreTargetMismatch({ server: '127.0.0.1:6379', db: 0 }, { host: '127.0.0.1', port: 6379, db: 3 })).toBe(
      'This file holds keys of db 0 on 127.0.0.1:6379, but the target is db 3 on 127.0.0.1:6379.',
    );
    expect(restoreTargetMismatch({ server: '127.0.0.1:6379', db: 0 }, { host: '127.0.0.1', port: 6380, db: 0 })).toMatch(/db 0 on 127\.0\.0\.1:6379, but the target is db 0 on 127\.0\.0\.1:6380/);
    expect(restoreTargetMismatch({ server: 'prod-cache:6379', db: 0 }, { host: 'staging-cache', port: 6379, db: 0 })).toMatch(/prod-cache:6379.*staging-cache:6379/);
    expect(restoreTargetMismatch({ server: '', db: 0 }, { host: 'h', port: 1, db: 0 })).toMatch(/an unnamed server/);
  });

  it('a cluster is the same cluster through any node its file names, or any seed of the target', () => {
    const file = { server: 'cluster 10.0.0.1:7000 +2', db: 0, nodes: ['10.0.0.1:7000', '10.0.0.2:7001', '10.0.0.3:7002', '10.0.0.4:7003'] };
    expect(restoreTargetMismatch(file, { host: '10.0.0.1', port: 7000, db: 0 })).toBeNull();
    expect(restoreTargetMismatch(file, { host: '10.0.0.4', port: 7003, db: 0 })).toBeNull(); // a replica's address
    // The header's seed alone (an older file without nodes), reached through the target's seeds.
    expect(restoreTargetMismatch({ server: 'cluster 10.0.0.1:7000', db: 0 }, { host: '10.0.0.9', port: 7000, db: 0, seeds: [{ host: '10.0.0.1', port: 7000 }] })).toBeNull();
    expect(restoreTargetMismatch(file, { host: '10.0.0.9', port: 7000, db: 0 })).toBe(
      'This file holds keys of db 0 on cluster 10.0.0.1:7000 +2, but the target is db 0 on 10.0.0.9:7000.',
    );
  });
});
