import { describe, expect, it } from 'vitest';
import type { ScanProgress } from '../../shared/contract/keyspace';
import { listKeyAction } from '../../renderer/src/views/keys/list-keyboard';
import { scanEstimate, scanHeadline } from '../../renderer/src/views/keys/scan-words';

const progress = (p: Partial<ScanProgress>): ScanProgress =>
  ({ connectionId: 'c', scanId: 's', db: 0, startedAt: 0, match: null, type: null, withMemory: true, throttle: null, state: 'done', path: 'script', scanned: 1234, indexed: 1234, total: 1234, fraction: 1, keysPerSec: 0, etaSec: 0, elapsedMs: 10, restarts: 0, serverReads: { hits: 0, misses: 0 }, ...p }) as ScanProgress;

describe('scan bar words', () => {
  it('says a scan the tab started by itself is automatic, with the count', () => {
    expect(scanHeadline(progress({}), true)).toBe('Scanned automatically: 1,234 keys');
    expect(scanHeadline(progress({ scanned: 1 }), true)).toBe('Scanned automatically: 1 key');
    expect(scanHeadline(progress({}), false)).toBe('Scan complete');
    expect(scanHeadline(progress({ state: 'error' }), true)).toBe('Scan failed');
  });
  it('estimates how long a scan takes, in seconds then minutes', () => {
    expect(scanEstimate(10)).toBe('about 1 s');
    expect(scanEstimate(412_000)).toBe('about 5 s');
    expect(scanEstimate(20_000_000)).toBe('about 4 min');
  });
});

describe('list keyboard', () => {
  it('moves within the rows, opens, goes up', () => {
    expect(listKeyAction('ArrowDown', 0, 10, 5, false)).toEqual({ kind: 'move', to: 1 });
    expect(listKeyAction('ArrowUp', 0, 10, 5, false)).toEqual({ kind: 'move', to: 0 });
    expect(listKeyAction('PageDown', 2, 10, 5, false)).toEqual({ kind: 'move', to: 4 });
    expect(listKeyAction('End', 0, 10, 5, false)).toEqual({ kind: 'move', to: 4 });
    expect(listKeyAction('ArrowDown', 0, 10, 0, false)).toBeNull();
    expect(listKeyAction('Enter', 0, 10, 5, false)).toEqual({ kind: 'open' });
    expect(listKeyAction('ArrowRight', 0, 10, 5, true)).toEqual({ kind: 'open' });
    expect(listKeyAction('ArrowRight', 0, 10, 5, false)).toBeNull();
    expect(listKeyAction('Backspace', 0, 10, 5, false)).toEqual({ kind: 'up' });
    expect(listKeyAction('x', 0, 10, 5, false)).toBeNull();
  });
});
