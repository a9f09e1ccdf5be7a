import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ActionTarget, keyspaceCommands, actionCommands } from '../../shared/contract';
import { ACTION_THROTTLE, ANALYSIS_DEPTH, KEY_TYPE_NAMES, MAX_AUDIT_ROWS, MAX_TARGET_KEYS, SCAN_THROTTLE } from '../../shared/contract/limits';
import { PAGED_TYPES } from '../../shared/contract/key-detail';
import { formatInteger } from '../../shared/format';
import { run as analyze, usage as analyzeUsage } from '../../electron/cli/analyze';
import { run as flush } from '../../electron/cli/flush';
import { run as invalidate, targetFromFlags, usage as invalidateUsage } from '../../electron/cli/invalidate';
import { UsageError } from '../../electron/cli/exit-codes';
import { buildTarget, EMPTY_DRAFT, KEY_TYPES, parseThrottle } from '../../renderer/src/views/actions/target';

const sink = () => new Writable({ write: (_c, _e, done) => done() });
// A port nothing is asked of: the flags are refused before any connection is tried.
const ctx = { env: {}, stdout: sink(), stderr: sink() };
const conn = ['--host', '127.0.0.1', '--port', '1'];

async function usageError(p: Promise<number>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(UsageError);
  return (e as Error).message;
}

describe('limits are the contract\'s, read by the CLI and the renderer', () => {
  it('the contract\'s schemas enforce the named constants', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => ({ utf8: `k${i}` }));
    expect(ActionTarget.safeParse({ kind: 'keys', keys: keys(MAX_TARGET_KEYS) }).success).toBe(true);
    expect(ActionTarget.safeParse({ kind: 'keys', keys: keys(MAX_TARGET_KEYS + 1) }).success).toBe(false);
    const preview = actionCommands['actions.execute'].args;
    const base = { id: 'c', previewId: 'p', confirmation: 'x' };
    expect(preview.safeParse({ ...base, throttle: ACTION_THROTTLE.max }).success).toBe(true);
    expect(preview.safeParse({ ...base, throttle: ACTION_THROTTLE.max + 1 }).success).toBe(false);
    expect(preview.safeParse({ ...base, throttle: ACTION_THROTTLE.min - 1 }).success).toBe(false);
    const analysis = keyspaceCommands['analysis.run'].args;
    expect(analysis.safeParse({ id: 'c', throttle: SCAN_THROTTLE.max }).success).toBe(true);
    expect(analysis.safeParse({ id: 'c', throttle: SCAN_THROTTLE.max + 1 }).success).toBe(false);
    expect(analysis.safeParse({ id: 'c', throttle: SCAN_THROTTLE.min - 1 }).success).toBe(false);
    expect(analysis.safeParse({ id: 'c', depth: ANALYSIS_DEPTH.max + 1 }).success).toBe(false);
    expect(PAGED_TYPES).toEqual(KEY_TYPE_NAMES);
    const audit = actionCommands['audit.export'].args;
    expect(audit.safeParse({ limit: MAX_AUDIT_ROWS }).success).toBe(true);
    expect(audit.safeParse({ limit: MAX_AUDIT_ROWS + 1 }).success).toBe(false);
  });

  it('the CLI refuses one above the contract\'s max, naming it', async () => {
    const over = (n: number) => String(n + 1);
    expect(await usageError(invalidate(['--prefix', 'a:', '--throttle', over(ACTION_THROTTLE.max), ...conn], ctx))).toContain(`and ${ACTION_THROTTLE.max},`);
    expect(await usageError(flush(['--by-scan', '--yes', '--throttle', over(ACTION_THROTTLE.max), ...conn], ctx))).toContain(`and ${ACTION_THROTTLE.max},`);
    expect(await usageError(analyze(['--throttle', over(SCAN_THROTTLE.max), ...conn], ctx))).toContain(`and ${SCAN_THROTTLE.max},`);
    expect(await usageError(analyze(['--throttle', String(SCAN_THROTTLE.min - 1), ...conn], ctx))).toContain(`between ${SCAN_THROTTLE.min} and`);
    expect(await usageError(analyze(['--depth', over(ANALYSIS_DEPTH.max), ...conn], ctx))).toContain(`and ${ANALYSIS_DEPTH.max},`);
    const keys = Array.from({ length: MAX_TARGET_KEYS + 1 }, (_, i) => `k${i}`);
    expect(() => targetFromFlags({ key: keys })).toThrow(new RegExp(`at most ${formatInteger(MAX_TARGET_KEYS)} --key`));
    expect(targetFromFlags({ key: keys.slice(0, MAX_TARGET_KEYS) })).toMatchObject({ kind: 'keys' });
    // --help names the contract's bounds and types.
    expect(invalidateUsage).toContain(`(${KEY_TYPE_NAMES.join(', ')})`);
    expect(analyzeUsage).toContain(`${ANALYSIS_DEPTH.min} to ${ANALYSIS_DEPTH.max}`);
  });

  it('the renderer\'s fields use the same bounds and type names', () => {
    expect(KEY_TYPES).toEqual(['', ...KEY_TYPE_NAMES]);
    expect(parseThrottle(String(ACTION_THROTTLE.max))).toBe(ACTION_THROTTLE.max);
    expect(parseThrottle(String(ACTION_THROTTLE.max + 1))).toContain(formatInteger(ACTION_THROTTLE.max));
    expect(parseThrottle(String(ACTION_THROTTLE.min - 1))).toMatch(/between/);
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`).join('\n');
    expect(buildTarget({ ...EMPTY_DRAFT, kind: 'keys', keys: lines(MAX_TARGET_KEYS) })).toHaveProperty('target');
    expect(buildTarget({ ...EMPTY_DRAFT, kind: 'keys', keys: lines(MAX_TARGET_KEYS + 1) })).toEqual({ error: expect.stringContaining(formatInteger(MAX_TARGET_KEYS)) });
  });
});
