import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyTypeOf, sha256Fingerprint } from '../../electron/core/ssh/fingerprint';
import { appendHostKey, checkHostKey } from '../../electron/core/ssh/known-hosts';
import { tempDir } from '../helpers/core';

/** known_hosts as OpenSSH writes it: plain, `[host]:port`, hashed (`ssh-keygen -H`), wildcards, @revoked. */
describe('SSH known_hosts and fingerprints', () => {
  let dir: string;
  let key: Buffer;
  let other: Buffer;
  let keyLine: string;
  let otherLine: string;
  let fingerprint: string;

  beforeAll(() => {
    dir = tempDir('cachescope-known-hosts-');
    for (const name of ['a', 'b']) execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, name)]);
    const pub = (name: string) => readFileSync(path.join(dir, `${name}.pub`), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
    keyLine = pub('a');
    otherLine = pub('b');
    key = Buffer.from(keyLine.split(' ')[1]!, 'base64');
    other = Buffer.from(otherLine.split(' ')[1]!, 'base64');
    fingerprint = execFileSync('ssh-keygen', ['-lf', path.join(dir, 'a.pub')], { encoding: 'utf8' }).split(/\s+/)[1]!;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('prints the fingerprint and key type as OpenSSH does', () => {
    expect(sha256Fingerprint(key)).toBe(fingerprint);
    expect(keyTypeOf(key)).toBe('ssh-ed25519');
  });

  it('plain entries: host on port 22, [host]:port elsewhere, comma lists and wildcards', async () => {
    const f = file('plain', `# comment\nbastion.example.com,10.0.0.1 ${keyLine}\n[bastion.example.com]:2222 ${keyLine}\n*.corp.example ${keyLine}\n`);
    expect(await checkHostKey([f], 'bastion.example.com', 22, key)).toMatchObject({ kind: 'known' });
    expect(await checkHostKey([f], '10.0.0.1', 22, key)).toMatchObject({ kind: 'known' });
    expect(await checkHostKey([f], 'bastion.example.com', 2222, key)).toMatchObject({ kind: 'known' });
    expect(await checkHostKey([f], 'db.corp.example', 22, key)).toMatchObject({ kind: 'known' });
    // Port 2200 is another host as far as known_hosts is concerned.
    expect(await checkHostKey([f], 'bastion.example.com', 2200, key)).toEqual({ kind: 'unknown' });
  });

  it('hashed entries written by ssh-keygen -H are matched', async () => {
    const f = file('hashed', `bastion.example.com ${keyLine}\n[bastion.example.com]:2222 ${keyLine}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', f], { stdio: 'ignore' });
    const text = readFileSync(f, 'utf8');
    expect(text).not.toContain('bastion');
    expect(text).toMatch(/^\|1\|/m);
    expect(await checkHostKey([f], 'bastion.example.com', 22, key)).toMatchObject({ kind: 'known' });
    expect(await checkHostKey([f], 'bastion.example.com', 2222, key)).toMatchObject({ kind: 'known' });
    expect(await checkHostKey([f], 'bastion.example.com', 2222, other)).toMatchObject({ kind: 'changed', revoked: false });
    expect(await checkHostKey([f], 'elsewhere.example.com', 22, key)).toEqual({ kind: 'unknown' });
  });

  it('another key of the same type is a changed key, naming the file and line; a revoked key is refused', async () => {
    const f = file('changed', `# one\nbastion.example.com ${otherLine}\n`);
    expect(await checkHostKey([f], 'bastion.example.com', 22, key)).toEqual({ kind: 'changed', file: f, line: 2, revoked: false });
    const r = file('revoked', `@revoked * ${keyLine}\nbastion.example.com ${keyLine}\n`);
    expect(await checkHostKey([r], 'bastion.example.com', 22, key)).toMatchObject({ kind: 'changed', revoked: true });
  });

  it('a missing file counts as empty; a key known in a later file is known', async () => {
    const second = file('second', `bastion.example.com ${keyLine}\n`);
    expect(await checkHostKey([path.join(dir, 'nope'), second], 'bastion.example.com', 22, key)).toMatchObject({ kind: 'known', file: second });
  });

  it("a confirmed key is appended to Cachescope's own file (0600) and then known", async () => {
    const own = path.join(dir, 'data', 'known_hosts');
    await appendHostKey(own, '127.0.0.1', 2222, key);
    expect(readFileSync(own, 'utf8')).toBe(`[127.0.0.1]:2222 ${keyLine}\n`);
    expect(await checkHostKey([own], '127.0.0.1', 2222, key)).toMatchObject({ kind: 'known' });
  });
});
