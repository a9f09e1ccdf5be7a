import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../shared/contract';
import { isUnreachable, statusWords } from '../../renderer/src/shell/status-words';

const state = (extra: Partial<ConnectionState>): ConnectionState => ({ id: 'p', status: 'ready', since: 0, ...extra });

describe('connection status words', () => {
  it('says "Slow / paused" (warn), not unreachable, while polls go unanswered on an open connection', () => {
    const slow = state({ code: 'SLOW', reason: '127.0.0.1:6390 has not answered for 2 s: it may be paused (CLIENT PAUSE), busy (a slow command/script) or overloaded.' });
    expect(statusWords(slow)).toEqual({ label: 'Slow / paused', tone: 'warn' });
    expect(isUnreachable(slow)).toBe(false);
  });

  it('says the connection is limited by ACL when INFO is denied', () => {
    expect(statusWords(state({ code: 'NO_PERMISSION' }))).toEqual({ label: 'Connected — limited by ACL', tone: 'warn' });
  });

  it('keeps "Connected" and "Unreachable — retrying" for the plain states', () => {
    expect(statusWords(state({}))).toEqual({ label: 'Connected', tone: 'ok' });
    expect(statusWords(state({ status: 'reconnecting', code: 'CONNECTION_REFUSED' })).label).toBe('Unreachable — retrying');
  });
});
