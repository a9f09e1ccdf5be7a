import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../electron/cli/commands';
import { CONNECTION_HELP } from '../../electron/cli/connection-flags';

/**
 * Issue 15: the README's CLI summary had fallen ~15 flags behind `--help`. Each subcommand's
 * `--help` is the source; its README line must name every flag it lists (connection flags
 * are summarised once, in the "Connection flags:" paragraph).
 */
const readme = readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
const cliSection = readme.slice(readme.indexOf('## CLI'), readme.indexOf('\n## ', readme.indexOf('## CLI') + 1));
const flagsOf = (text: string) => new Set(text.match(/--[a-z][a-z0-9-]*/g) ?? []);
/** A flag as a whole word: `--no-open` does not count as `--no`. */
const names = (text: string, flag: string) => new RegExp(`${flag}(?![a-z0-9-])`).test(text);
const connectionFlags = flagsOf(CONNECTION_HELP);

describe('README ↔ --help', () => {
  it('the README tells how to run the command from a checkout (npx, or npm link)', () => {
    expect(cliSection).toMatch(/npx cachescope/);
    expect(cliSection).toMatch(/npm link/);
  });

  it('the connection flags paragraph names every connection flag', () => {
    const paragraph = cliSection.slice(cliSection.indexOf('Connection flags:'));
    expect([...connectionFlags].filter((f) => !names(paragraph, f))).toEqual([]);
  });

  for (const [name, entry] of Object.entries(COMMANDS)) {
    it(`every flag "${name} --help" lists is in the README's "${name}" line`, async () => {
      const { usage } = await entry.load();
      const line = cliSection.split('\n').find((l) => new RegExp(`^(npx )?cachescope ${name} `).test(l));
      expect(line, `no "cachescope ${name}" line in the README's CLI section`).toBeDefined();
      const own = [...flagsOf(usage)].filter((f) => !connectionFlags.has(f) && f !== '--help');
      expect(own.filter((f) => !names(line!, f))).toEqual([]);
      // …and the README names no flag the command does not take.
      expect([...flagsOf(line!)].filter((f) => !flagsOf(usage).has(f))).toEqual([]);
    });
  }
});
