import { describe, expect, it } from 'vitest';
import { displayName, nameParts, parseEscapes, shownName } from '../../renderer/src/views/keys/key-names';

const newline = { utf8: 'nl\nkey:1' }; // a real newline
const backslashN = { utf8: 'nl\\nkey:1' }; // a backslash and an n

describe('key names drawn unambiguously (nameParts / shownName)', () => {
  it('draws a real newline as a control-picture chip and a backslash-n as plain text', () => {
    expect(nameParts(newline)).toEqual([{ text: 'nl' }, { escape: '␊', title: 'control byte 0x0a (newline)' }, { text: 'key:1' }]);
    expect(nameParts(backslashN)).toEqual([{ text: 'nl\\nkey:1' }]);
    expect(shownName(newline)).toBe('nl␊key:1');
    expect(shownName(backslashN)).toBe('nl\\nkey:1');
    expect(shownName(newline)).not.toBe(shownName(backslashN));
  });

  it('shows every C0 control and DEL as its own glyph, text around it untouched', () => {
    expect(shownName({ utf8: 'a\tb\r\n\u0000\u001b\u007fé😀' })).toBe('a␉b␍␊␀␛␡é😀');
    expect(nameParts({ utf8: 'plain:key' })).toEqual([{ text: 'plain:key' }]);
  });

  it('draws non-UTF-8 bytes (and, in such names, a backslash) as \\xNN chips, controls as glyphs', () => {
    const bytes = Buffer.from([0xff, 0x0a, 0x61, 0x5c, 0x80]);
    const parts = nameParts({ base64: bytes.toString('base64') });
    expect(parts).toEqual([
      { escape: '\\xff', title: 'byte 0xff (not UTF-8)' },
      { escape: '␊', title: 'control byte 0x0a (newline)' },
      { text: 'a' },
      { escape: '\\x5c', title: 'a backslash (0x5c)' },
      { escape: '\\x80', title: 'byte 0x80 (not UTF-8)' },
    ]);
  });

  it('leaves the copied form as it was: escapes Go to key parses back to the exact bytes', () => {
    expect(displayName(newline)).toBe('nl\\nkey:1');
    expect(parseEscapes(displayName(newline))).toEqual(newline);
  });
});
