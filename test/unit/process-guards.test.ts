import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { installProcessGuards, type GuardedProcess } from '../../electron/process-guards';

describe('process guards (serve mode, desktop main)', () => {
  it('log an uncaught exception and an unhandled rejection with the stack, then remove themselves', () => {
    const proc = new EventEmitter();
    const lines: string[] = [];
    const remove = installProcessGuards((line) => lines.push(line), proc as unknown as GuardedProcess);
    proc.emit('uncaughtException', new URIError('URI malformed'), 'uncaughtException');
    proc.emit('unhandledRejection', new Error('Command aborted'));
    proc.emit('unhandledRejection', 'a bare string');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^uncaught exception \(kept running\): URIError: URI malformed\n\s+at /);
    expect(lines[1]).toMatch(/^unhandled rejection \(kept running\): Error: Command aborted/);
    expect(lines[2]).toBe('unhandled rejection (kept running): a bare string');
    remove();
    expect(proc.listenerCount('uncaughtException') + proc.listenerCount('unhandledRejection')).toBe(0);
  });
});
