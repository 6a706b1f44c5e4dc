import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'SynthLab';
export const DEFAULT_DB_FILE = 'synthlab.db';

/**
 * The folder Electron's app.getPath('userData') gives for the app name SynthLab, computed
 * without Electron so the CLI and the desktop app share one default database.
 */
export function userDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_NAME);
}

/** --db wins, then SYNTHLAB_DB, then the per-user default. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.SYNTHLAB_DB ?? path.join(userDataDir(process.platform, env), DEFAULT_DB_FILE));
}
