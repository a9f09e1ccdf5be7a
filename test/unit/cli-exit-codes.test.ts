import { describe, expect, it } from 'vitest';
import { EXIT, exitCodeForCoreCode } from '../../electron/cli/exit-codes';
import { ERROR_CODES } from '../../shared/envelope';

/** What a script can tell from the CLI's exit code, for each contract error code (README "Exit codes"). */
describe('exit code for each contract error code', () => {
  it.each([
    ['BAD_REQUEST', EXIT.USAGE],
    ['NO_SUCH_DB', EXIT.USAGE],
    ['CONNECTION_REFUSED', EXIT.CONNECT],
    ['NOT_CONNECTED', EXIT.CONNECT],
    ['SLOW', EXIT.CONNECT],
    ['NO_PERMISSION', EXIT.PERMISSION],
    ['OUT_OF_MEMORY', EXIT.SERVER_STATE],
    ['UNAVAILABLE', EXIT.SERVER_STATE],
    ['WRONG_TYPE', EXIT.FAILURE],
    ['REDIS_ERROR', EXIT.FAILURE],
    ['INTERNAL', EXIT.FAILURE],
  ] as const)('%s → %i', (code, exit) => {
    expect(exitCodeForCoreCode(code)).toBe(exit);
  });

  it('every code maps to a documented exit code (0 is never a failure)', () => {
    for (const code of ERROR_CODES) expect([1, 2, 3, 4, 5]).toContain(exitCodeForCoreCode(code));
  });
});
