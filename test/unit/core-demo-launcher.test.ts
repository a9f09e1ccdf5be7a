import { describe, expect, it } from 'vitest';
import { makeCore } from '../helpers/core';

/** The core runs no demo of its own: "Start demo" uses the launcher main/serve give it. */
describe('demo.start without a demo launcher', () => {
  it('answers UNSUPPORTED in words, and status stays "not running"', async () => {
    const app = makeCore({}, undefined, { startDemo: undefined });
    try {
      const reply = await app.core.invoke('demo.start', { profile: 'gomeet' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
      expect(!reply.ok && reply.error.message).toContain('cachescope demo');
      expect(await app.call('demo.status', {})).toMatchObject({ running: false });
    } finally {
      await app.close();
    }
  });
});
