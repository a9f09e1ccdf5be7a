import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(__dirname, '../..');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

// ajv arrives transitively (electron-builder's toolchain); without it only the explicit checks run.
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
const Ajv = await import('ajv').then((m) => m.default as unknown as new (o: object) => { compile(s: object): Validate }).catch(() => null);
const schemaFile = path.join(root, 'node_modules/app-builder-lib/scheme.json');

describe('electron-builder.yml', () => {
  it.skipIf(!Ajv)('matches electron-builder 26 configuration schema (and the check can fail)', () => {
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as object;
    const validate = new Ajv!({ strict: false, allErrors: true, allowUnionTypes: true }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    const misspelled = { ...config, electronFuses: { ...(config.electronFuses as object), runAsNod: false } };
    expect(validate(misspelled)).toBe(false);
  });

  it('names the app', () => {
    expect(config.appId).toBe('dev.cachescope.app');
    expect(config.productName).toBe('Cachescope');
    expect(config.asar).toBe(true);
  });

  it('ships built output only', () => {
    const files = config.files as string[];
    expect(files).toEqual(expect.arrayContaining(['out/**/*', 'package.json']));
    for (const f of files) expect(f.startsWith('!') || f.startsWith('out/') || f === 'package.json').toBe(true);
    expect(files).not.toContain('test/**/*');
  });

  it('builds AppImage + deb, dmg and nsis', () => {
    const linux = config.linux as { target: string[]; category: string; maintainer?: string };
    expect(linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(linux.category).toBe('Development');
    expect(linux.maintainer).toMatch(/<.+@.+>/); // the deb target refuses to build without one
    expect((config.mac as { target: string }).target).toBe('dmg');
    expect((config.win as { target: string }).target).toBe('nsis');
  });

  it('flips every hardening fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
