// Builds better-sqlite3 for Electron's ABI into .cache/electron-native/better_sqlite3.node, from a
// copy of the package, so node_modules keeps the Node-ABI build that tests, the CLI and the HTTP
// host load. The Electron main process passes this file to better-sqlite3 as `nativeBinding`.
// Needs Electron's headers from the internet; see docs/native-modules.md.
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rebuild } from '@electron/rebuild';

const root = join(import.meta.dirname, '..');
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const sqlitePackage = JSON.parse(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8'));
const outDir = join(root, '.cache', 'electron-native');
const staging = join(outDir, 'staging');
const arch = process.env.npm_config_arch ?? process.arch;

rmSync(staging, { recursive: true, force: true });
mkdirSync(join(staging, 'node_modules'), { recursive: true });
writeFileSync(
  join(staging, 'package.json'),
  JSON.stringify({ name: 'awb-electron-native', private: true, dependencies: { 'better-sqlite3': sqlitePackage.version } }),
);
cpSync(join(root, 'node_modules', 'better-sqlite3'), join(staging, 'node_modules', 'better-sqlite3'), { recursive: true, dereference: true });
// Dependencies better-sqlite3 needs at build time.
for (const dependency of ['bindings', 'file-uri-to-path']) {
  cpSync(join(root, 'node_modules', dependency), join(staging, 'node_modules', dependency), { recursive: true, dereference: true });
}

process.stdout.write(`Building better-sqlite3 ${sqlitePackage.version} for Electron ${electronVersion} (${process.platform}-${arch})…\n`);
await rebuild({ buildPath: staging, electronVersion, arch, force: true, onlyModules: ['better-sqlite3'], buildFromSource: true });
copyFileSync(join(staging, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), join(outDir, 'better_sqlite3.node'));
rmSync(staging, { recursive: true, force: true });
process.stdout.write(`Wrote ${join(outDir, 'better_sqlite3.node')}\n`);
