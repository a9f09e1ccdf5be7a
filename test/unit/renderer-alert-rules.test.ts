import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '../../shared/contract/dashboard';
import { fromDrafts, toDraft } from '../../renderer/src/views/alerts/rule-drafts';

describe('alert rule drafts', () => {
  it('shows fractions as percentages and stores them back as fractions', () => {
    const drafts = DEFAULT_ALERT_RULES.map(toDraft);
    expect(drafts.find((d) => d.id === 'hitRate')!.threshold).toBe('80');
    expect(drafts.find((d) => d.id === 'memory')!.threshold).toBe('80');
    expect(drafts.find((d) => d.id === 'latency')!.threshold).toBe('1');
    const back = fromDrafts(drafts);
    expect(back).toEqual({ ok: true, rules: DEFAULT_ALERT_RULES });
  });

  it('rounds away float noise (0.7 × 100)', () => {
    expect(toDraft({ id: 'hitRate', threshold: 0.7, forSec: 5, clearSec: 30, muted: false }).threshold).toBe('70');
    expect(toDraft({ id: 'hitRate', threshold: 0.955, forSec: 5, clearSec: 30, muted: false }).threshold).toBe('95.5');
  });

  it('refuses what the core would misread, in words', () => {
    const base = DEFAULT_ALERT_RULES.map(toDraft);
    const edit = (id: string, patch: object) => base.map((d) => (d.id === id ? { ...d, ...patch } : d));
    expect(fromDrafts(edit('hitRate', { threshold: '120' }))).toEqual({ ok: false, message: 'Hit rate low: a percentage goes up to 100.' });
    expect(fromDrafts(edit('latency', { threshold: 'fast' }))).toMatchObject({ ok: false, message: expect.stringContaining('Latency high') });
    expect(fromDrafts(edit('evictions', { forSec: '1.5' }))).toMatchObject({ ok: false, message: expect.stringContaining('whole seconds') });
    expect(fromDrafts(edit('memory', { clearSec: '-1' }))).toMatchObject({ ok: false, message: expect.stringContaining('"clear after" must be whole seconds') });
    expect(fromDrafts(edit('memory', { clearSec: '90000' }))).toMatchObject({ ok: false, message: expect.stringContaining('"clear after"') });
    expect(fromDrafts(edit('memory', { threshold: '' }))).toMatchObject({ ok: false });
  });

  it('the disconnected rule has no threshold to type', () => {
    const r = fromDrafts(DEFAULT_ALERT_RULES.map(toDraft).map((d) => (d.id === 'disconnected' ? { ...d, threshold: 'anything', muted: true } : d)));
    expect(r.ok && r.rules.find((x) => x.id === 'disconnected')).toEqual({ id: 'disconnected', threshold: 0, forSec: 0, clearSec: 0, muted: true });
  });

  it('keeps the choice of latency the latency rule reads through an edit', () => {
    const drafts = DEFAULT_ALERT_RULES.map((r) => (r.id === 'latency' ? { ...r, latencyOf: 'cmd:get' as const } : r)).map(toDraft);
    const back = fromDrafts(drafts.map((d) => (d.id === 'latency' ? { ...d, threshold: '2' } : d)));
    expect(back.ok && back.rules.find((r) => r.id === 'latency')).toEqual({ id: 'latency', threshold: 2, forSec: 30, clearSec: 30, muted: false, latencyOf: 'cmd:get' });
  });
});
