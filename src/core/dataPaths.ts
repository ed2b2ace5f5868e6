import { join } from 'node:path';

/** The folder name Electron derives from `productName`; the CLI and server use the same one. */
export const APP_FOLDER_NAME = 'Annotation Workbench';
export const DATABASE_FILE_NAME = 'workbench.db';

type Environment = Record<string, string | undefined>;

/**
 * The OS user-data folder for the app, matching Electron's `app.getPath('userData')`:
 * `%APPDATA%` on Windows, `~/Library/Application Support` on macOS, `$XDG_CONFIG_HOME` or
 * `~/.config` elsewhere.
 */
export function userDataDir(platform: NodeJS.Platform, env: Environment, home: string): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), APP_FOLDER_NAME);
}

/** Where the database lives: `--db`, else `AWB_DB`, else the user-data folder. */
export function resolveDatabasePath(options: { flag?: string | undefined; env: Environment; platform: NodeJS.Platform; home: string }): string {
  if (options.flag) return options.flag;
  if (options.env.AWB_DB) return options.env.AWB_DB;
  return join(userDataDir(options.platform, options.env, options.home), DATABASE_FILE_NAME);
}
