// `npm run check:electron`: asks the npm registry for the latest Electron release and records it
// in src/main/security/electron-release.json, which the offline test electronCurrency.test.ts
// compares the pinned version against (CI has no network, so the record is what it checks).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const recordPath = join(root, 'src', 'main', 'security', 'electron-release.json');
const latest = execFileSync('npm', ['view', 'electron', 'version'], { encoding: 'utf8' }).trim();
if (!/^\d+\.\d+\.\d+$/.test(latest)) throw new Error(`npm answered "${latest}", not a version`);
const record = JSON.parse(readFileSync(recordPath, 'utf8'));
const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).devDependencies.electron;
writeFileSync(recordPath, `${JSON.stringify({ ...record, latestStable: latest, recordedOn: new Date().toISOString().slice(0, 10) }, null, 2)}\n`);
const behind = Number(latest.split('.')[0]) - Number(String(pinned).split('.')[0]);
process.stdout.write(
  `latest electron ${latest}, pinned ${pinned}: ${behind} major${behind === 1 ? '' : 's'} behind${behind > 2 ? ' — upgrade Electron' : ''}\n`,
);
process.exitCode = behind > 2 ? 1 : 0;
