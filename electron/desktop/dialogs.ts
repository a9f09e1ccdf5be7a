import type { Dialogs } from '../core/dialogs';

/**
 * The slice of Electron's `dialog` the core's file capability uses, typed structurally so this
 * module never imports `electron` (main injects the real object; tests a fake).
 */
export interface DialogLike<W> {
  showSaveDialog(window: W, options: { title: string; defaultPath: string }): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(window: W, options: { title: string; properties: ['openFile']; filters: { name: string; extensions: string[] }[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** The core's dialogs, shown as sheets of the main window (the user sees which app asks). */
export function createElectronDialogs<W>(dialog: DialogLike<W>, window: () => W | null): Dialogs {
  return {
    async chooseSavePath({ title, defaultName }) {
      const win = window();
      if (!win) return null;
      const r = await dialog.showSaveDialog(win, { title, defaultPath: defaultName });
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    async chooseOpenPath({ title, extensions }) {
      const win = window();
      if (!win) return null;
      const r = await dialog.showOpenDialog(win, { title, properties: ['openFile'], filters: [{ name: 'Files', extensions }, { name: 'All files', extensions: ['*'] }] });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  };
}
