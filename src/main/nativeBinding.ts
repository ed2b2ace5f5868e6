import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where `npm run electron:native` puts the better-sqlite3 binary built for Electron's ABI. */
export const DEV_NATIVE_DIR = join('.cache', 'electron-native');
export const NATIVE_FILE = 'better_sqlite3.node';

/**
 * The path of the Electron-ABI better-sqlite3 binary: inside the package's resources when
 * packaged, in `.cache/electron-native` in development. The Node-ABI build in node_modules stays
 * untouched for tests, the CLI and the HTTP host.
 */
export function electronNativeBindingPath(options: { isPackaged: boolean; resourcesPath: string; appPath: string }): string {
  return options.isPackaged ? join(options.resourcesPath, 'native', NATIVE_FILE) : join(options.appPath, DEV_NATIVE_DIR, NATIVE_FILE);
}

/** The binary's path, or an error telling the developer how to build it. */
export function requireElectronNativeBinding(options: { isPackaged: boolean; resourcesPath: string; appPath: string }): string {
  const path = electronNativeBindingPath(options);
  if (!existsSync(path)) {
    throw new Error(`better-sqlite3 for Electron is missing at ${path}. Run "npm run electron:native" once (it needs Electron's headers from the internet).`);
  }
  return path;
}
