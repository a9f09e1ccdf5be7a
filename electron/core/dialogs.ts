/**
 * File dialogs, a capability main gives the core (desktop only). The renderer never names a
 * path (invariant 12): where the core reads or writes a user's file, the path comes from here.
 * Absent in serve mode and the CLI, where the browser downloads/uploads and the CLI user types it.
 */
export interface Dialogs {
  /** Ask where to save; null when the user cancels. */
  chooseSavePath(options: { title: string; defaultName: string }): Promise<string | null>;
  /** Ask which file to open; null when the user cancels. */
  chooseOpenPath(options: { title: string; extensions: string[] }): Promise<string | null>;
}
