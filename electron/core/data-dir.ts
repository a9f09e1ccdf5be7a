import os from 'node:os';
import path from 'node:path';

/**
 * The user data folder: `CACHESCOPE_DATA_DIR`, else the same folder Electron's
 * `app.getPath('userData')` gives for an app named Cachescope, so serve mode and the
 * desktop app find the same saved connections.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CACHESCOPE_DATA_DIR) return path.resolve(env.CACHESCOPE_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Cachescope');
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Cachescope');
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Cachescope');
}
