import { describe, expect, it } from 'vitest';
import { lruNote, supportsNoTouch } from '../../electron/core/key-detail/no-touch';

describe('CLIENT NO-TOUCH version check', () => {
  it('is used from Redis 7.2 on', () => {
    for (const v of ['7.2.0', '7.2.4', '7.4.1', '8.0.0', '10.1.2', '255.255.255']) expect(supportsNoTouch(v), v).toBe(true);
  });

  it('is not used before 7.2 or when the version is unknown', () => {
    for (const v of ['7.0.15', '7.1.242', '6.2.14', '5.0.7', '', 'unknown', undefined]) expect(supportsNoTouch(v), String(v)).toBe(false);
  });

  it('the LRU note names the server and the consequence', () => {
    expect(lruNote('7.0.15')).toMatch(/Redis 7\.0\.15 has no CLIENT NO-TOUCH/);
    expect(lruNote('7.0.15')).toMatch(/LRU/);
  });
});
