import { describe, expect, it } from 'vitest';
import { folderTarget } from '../../renderer/src/views/keys/folder-target';

const u = (utf8: string) => ({ utf8 });

describe('a tree folder as an invalidation target', () => {
  it('a literal folder is its prefix', () => {
    expect(folderTarget({ prefix: u('user:profile:'), name: u('profile') }, ':')).toEqual({ kind: 'prefix', text: 'user:profile:' });
  });

  it('a leaf group is its exact glob; an id folder takes the rest of the key with *', () => {
    expect(folderTarget({ prefix: u('user:*:profile'), name: u('profile'), pattern: true }, ':')).toEqual({ kind: 'pattern', text: 'user:*:profile' });
    expect(folderTarget({ prefix: u('user:*:'), name: u('*'), pattern: true }, ':')).toEqual({ kind: 'pattern', text: 'user:*:*' });
  });

  it('bytes that are not UTF-8 go as base64:, as the picker reads them', () => {
    expect(folderTarget({ prefix: { base64: Buffer.from([0xff, 0x3a]).toString('base64') }, name: u('x') }, ':')).toEqual({ kind: 'prefix', text: 'base64:/zo=' });
    expect(folderTarget({ prefix: { base64: Buffer.from([0xff, 0x3a, 0x2a, 0x3a]).toString('base64') }, name: u('*'), pattern: true }, ':')).toEqual({ kind: 'pattern', text: `base64:${Buffer.from([0xff, 0x3a, 0x2a, 0x3a, 0x2a]).toString('base64')}` });
  });
});
