import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionSettings, actionCommands } from '../../shared/contract';
import { ActionSettingsStore, DEFAULT_ACTION_SETTINGS } from '../../electron/core/actions/settings';
import { parseRetention, parseUndoSettings } from '../../renderer/src/views/actions/undo-retention-form';
import { tempDir } from '../helpers/core';

const GIB = 1024 ** 3;

describe('action settings', () => {
  it('default to a 256 MiB undo limit, undo files kept 7 days and 2 GiB in all', async () => {
    expect(await new ActionSettingsStore(tempDir()).get()).toEqual({ undoLimitBytes: 256 * 1024 * 1024, undoKeepDays: 7, undoKeepBytes: 2 * GIB });
  });

  it('fall back to the default field by field when the file holds a bad or missing value', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'actions-settings.json'), JSON.stringify({ undoLimitBytes: 1000, undoKeepDays: -3, undoKeepBytes: 'lots' }));
    expect(await new ActionSettingsStore(dir).get()).toEqual({ undoLimitBytes: 1000, undoKeepDays: 7, undoKeepBytes: 2 * GIB });
    writeFileSync(path.join(dir, 'actions-settings.json'), JSON.stringify({ undoKeepDays: 2.5, undoKeepBytes: 10 }));
    expect(await new ActionSettingsStore(dir).get()).toEqual({ ...DEFAULT_ACTION_SETTINGS, undoKeepBytes: 10 });
    writeFileSync(path.join(dir, 'actions-settings.json'), '{ not json');
    expect(await new ActionSettingsStore(dir).get()).toEqual(DEFAULT_ACTION_SETTINGS);
  });

  it('change only the fields given: the undo limit and the retention are saved from separate forms', async () => {
    const store = new ActionSettingsStore(tempDir());
    await store.set({ undoKeepDays: 3, undoKeepBytes: GIB });
    expect(await store.set({ undoLimitBytes: 5000 })).toEqual({ undoLimitBytes: 5000, undoKeepDays: 3, undoKeepBytes: GIB });
    expect(await store.get()).toEqual({ undoLimitBytes: 5000, undoKeepDays: 3, undoKeepBytes: GIB });
  });

  it('are checked by the contract: whole days from 1, bytes from 0, no unknown field', () => {
    const set = actionCommands['actions.settings.set'].args;
    expect(set.safeParse({ undoKeepDays: 7 }).success).toBe(true);
    expect(set.safeParse({ undoKeepBytes: 0 }).success).toBe(true);
    expect(set.safeParse({ undoKeepDays: 0 }).success).toBe(false);
    expect(set.safeParse({ undoKeepDays: 1.5 }).success).toBe(false);
    expect(set.safeParse({ undoKeepBytes: -1 }).success).toBe(false);
    expect(set.safeParse({ undoKeepHours: 1 }).success).toBe(false);
    expect(ActionSettings.safeParse(DEFAULT_ACTION_SETTINGS).success).toBe(true);
  });
});

describe('the undo retention form', () => {
  it('reads the whole form: the per-file limit in whole MiB (0 = undo off) with the retention', () => {
    expect(parseUndoSettings('100', '3', '0.5')).toEqual({ undoLimitBytes: 100 * 1024 * 1024, undoKeepDays: 3, undoKeepBytes: GIB / 2 });
    expect(parseUndoSettings('0', '7', '2')).toMatchObject({ undoLimitBytes: 0 });
    expect(parseUndoSettings('1.5', '7', '2')).toMatch(/^Undo file limit:/);
    expect(parseUndoSettings('100', '0', '2')).toMatch(/^Days:/);
  });

  it('reads whole days and GiB with up to two decimals', () => {
    expect(parseRetention(' 14 ', '0.5')).toEqual({ undoKeepDays: 14, undoKeepBytes: GIB / 2 });
    expect(parseRetention('7', '0')).toEqual({ undoKeepDays: 7, undoKeepBytes: 0 });
  });

  it('says why when the text is not a valid setting', () => {
    expect(parseRetention('0', '2')).toMatch(/^Days:/);
    expect(parseRetention('1.5', '2')).toMatch(/^Days:/);
    expect(parseRetention('7', '2.125')).toMatch(/^Size:/);
    expect(parseRetention('7', '-1')).toMatch(/^Size:/);
  });
});
