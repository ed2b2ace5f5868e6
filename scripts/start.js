// `npm start`: builds the app and opens the desktop window. Where no Electron binary can be had
// (no internet to download it), says so in one line and serves the same app to a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findElectronBinary } from './lib/electron-binary.js';

const root = join(import.meta.dirname, '..');
const node = process.execPath;
const bin = (name) => join(root, 'node_modules', '.bin', name);

process.stdout.write('Building Annotation Workbench…\n');
const build = spawnSync(bin('electron-vite'), ['build'], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) {
  process.stderr.write(`${build.stdout}${build.stderr}\nThe build failed; see above.\n`);
  process.exit(1);
}

let electron = findElectronBinary(root);
if (!electron.ok) {
  // The electron package downloads its binary on first use; give it one chance.
  const download = spawnSync(node, [join(root, 'node_modules', 'electron', 'install.js')], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  electron = findElectronBinary(root);
  if (!electron.ok) {
    const why =
      (download.stderr || download.stdout || electron.reason)
        .trim()
        .split('\n')
        .find((line) => /error|ENOTFOUND|EAI_AGAIN|timed out/i.test(line)) ?? electron.reason;
    process.stdout.write(
      `No Electron runtime is available here (downloading the Electron binary failed: ${why.trim()}), so Annotation Workbench runs in your browser instead: open the address below.\n`,
    );
    const server = spawn(node, ['--import', 'tsx', join(root, 'src', 'server', 'main.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
    server.on('exit', (code) => process.exit(code ?? 0));
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
  }
}

if (electron.ok) {
  if (!existsSync(join(root, '.cache', 'electron-native', 'better_sqlite3.node'))) {
    const native = spawnSync(node, [join(root, 'scripts', 'build-electron-native.js')], { cwd: root, stdio: 'inherit' });
    if (native.status !== 0) process.exit(native.status ?? 1);
  }
  const app = spawn(bin('electron-vite'), ['preview', '--skipBuild'], { cwd: root, stdio: 'inherit' });
  app.on('exit', (code) => process.exit(code ?? 0));
}
