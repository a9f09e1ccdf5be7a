import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/contract/profiles';
import type { ScanProgress } from '../../shared/contract/keyspace';
import { useConnectionsStore } from '../../renderer/src/stores/connections-store';
import { useKeysStore } from '../../renderer/src/views/keys/keys-store';
import { hasReplicaNodes, scanSource } from '../../renderer/src/views/keys/replica-source';
import { scanLine } from '../../renderer/src/views/keys/scan-words';

// Issue 16: "read from replicas" is offered for cluster and sentinel connections only, and a scan
// asks for it only there — a standalone connection never sends the field.

const state = (id: string, mode: 'standalone' | 'cluster' | 'sentinel') => ({ id, status: 'connected', server: { version: '7.0.15', role: 'master', mode } }) as unknown as ConnectionState;

afterEach(() => {
  useConnectionsStore.setState({ states: {} });
  useKeysStore.setState({ conns: {} });
});

describe('read from replicas', () => {
  it('is sent only for a cluster or sentinel connection whose box is ticked', () => {
    for (const [id, mode] of [['a', 'standalone'], ['b', 'cluster'], ['c', 'sentinel']] as const) {
      useConnectionsStore.getState().setState(state(id, mode));
      useKeysStore.getState().setFromReplicas(id, true);
    }
    expect([hasReplicaNodes('a'), hasReplicaNodes('b'), hasReplicaNodes('c'), hasReplicaNodes('unknown')]).toEqual([false, true, true, false]);
    expect(scanSource('a')).toEqual({});
    expect(scanSource('b')).toEqual({ fromReplicas: true });
    expect(scanSource('c')).toEqual({ fromReplicas: true });
    useKeysStore.getState().setFromReplicas('b', false);
    expect(scanSource('b')).toEqual({});
  });

  it('the scan line names the nodes read on a cluster, and says replicas when they were', () => {
    const p = { connectionId: 'b', scanId: 's', db: 0, startedAt: 0, match: null, type: null, withMemory: true, throttle: null, state: 'done', path: 'script', scanned: 5000, indexed: 5000, total: 5000, fraction: 1, keysPerSec: 0, etaSec: 0, elapsedMs: 10, restarts: 0, serverReads: { hits: 0, misses: 0 } } as ScanProgress;
    expect(scanLine({ ...p, nodes: 1 })).toBe('5.00k of 5.00k scanned · script path');
    expect(scanLine({ ...p, nodes: 3 })).toBe('5.00k of 5.00k scanned · script path · 3 primary nodes');
    expect(scanLine({ ...p, nodes: 3, fromReplicas: true })).toBe('5.00k of 5.00k scanned · script path · 3 replica nodes');
  });
});
