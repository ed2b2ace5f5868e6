import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTempDirs } from '../src/core/testing/tempDir';
import { describeReport, findSuppressionProblems, gatePasses, scanForElectronIssues } from './electronegativity.js';

const tempDir = createTempDirs('awb-eng-');
const root = join(import.meta.dirname, '..');

// A deliberately insecure app, written at test time so it is never part of the real scan.
const INSECURE_MAIN = `import { BrowserWindow, shell } from 'electron';
export function open(url: string): void {
  const win = new BrowserWindow({
    webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false, allowRunningInsecureContent: true, experimentalFeatures: true, enableBlinkFeatures: 'CSSVariables' },
  });
  void win.loadURL('http://example.com/');
  void shell.openExternal(url);
}
`;

describe('electronegativity gate', () => {
  it('passes on the real sources (what npm run lint runs)', async () => {
    const report = await scanForElectronIssues({ input: join(root, 'src') });
    expect(describeReport(report)).toEqual([]);
    expect(gatePasses(report)).toBe(true);
    // It really reads the TypeScript that creates the window, the preload and the page.
    expect(report.scannedFiles).toEqual(expect.arrayContaining(['main/index.ts', 'main/security/mainWindow.ts', 'preload/index.ts', 'renderer/index.html']));
  });

  it('catches a deliberately insecure TypeScript sample and fails', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'main.ts'), INSECURE_MAIN);
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><script src="http://cdn.example/x.js"></script></head><body></body></html>');
    const report = await scanForElectronIssues({ input: dir });
    const ids = new Set(report.issues.map((issue) => issue.id));
    for (const id of [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'WEB_SECURITY_JS_CHECK',
      'INSECURE_CONTENT_JS_CHECK',
      'EXPERIMENTAL_FEATURES_JS_CHECK',
      'BLINK_FEATURES_JS_CHECK',
      'OPEN_EXTERNAL_JS_CHECK',
      'CSP_GLOBAL_CHECK',
    ]) {
      expect(ids, id).toContain(id);
    }
    expect(gatePasses(report)).toBe(false);
  });

  it('checks the real window options: weakening one line of mainWindow.ts is caught', async () => {
    const dir = tempDir();
    cpSync(join(root, 'src'), dir, { recursive: true });
    const file = join(dir, 'main', 'security', 'mainWindow.ts');
    const source = readFileSync(file, 'utf8');
    expect(source).toContain('contextIsolation: true,');
    writeFileSync(file, source.replace('contextIsolation: true,', 'contextIsolation: false,'));
    const report = await scanForElectronIssues({ input: dir });
    expect(report.issues.map((issue) => `${issue.id} ${issue.file}`)).toEqual(['CONTEXT_ISOLATION_JS_CHECK main/security/mainWindow.ts']);
  });

  it('fails on a file it cannot parse, which the CLI would skip silently', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'index.html'), readFileSync(join(root, 'src', 'renderer', 'index.html'), 'utf8'));
    writeFileSync(join(dir, 'broken.ts'), 'export const x = {;\n');
    const report = await scanForElectronIssues({ input: dir });
    expect(report.parseErrors.map((error) => error.file)).toEqual(['broken.ts']);
    expect(gatePasses(report)).toBe(false);
  });

  it('fails on .mjs and .cjs files, which it does not read at all', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'index.html'), readFileSync(join(root, 'src', 'renderer', 'index.html'), 'utf8'));
    mkdirSync(join(dir, 'esm'));
    writeFileSync(join(dir, 'esm', 'window.mjs'), INSECURE_MAIN.replace(': string', '').replace(': void', ''));
    const report = await scanForElectronIssues({ input: dir });
    // The insecure window in the .mjs file is not reported: the tool never opened it.
    expect(report.issues.filter((issue) => issue.file.endsWith('.mjs'))).toEqual([]);
    expect(report.unscannedFiles).toEqual([join('esm', 'window.mjs')]);
    expect(gatePasses(report)).toBe(false);
  });

  it('requires a reason and a real check name on every suppression', () => {
    const dir = tempDir();
    const file = join(dir, 'a.ts');
    writeFileSync(
      file,
      [
        'a; // eng-disable PRELOAD_JS_CHECK: the preload exposes only frozen wrappers',
        'b; // eng-disable PRELOAD_JS_CHECK',
        'c; // eng-disable PRELOAD_JS_CHEK: a misspelt check name suppresses nothing',
        '<meta /> <!-- eng-disable CSP_GLOBAL_CHECK the evaluator flags self here -->',
      ].join('\n'),
    );
    const problems = findSuppressionProblems([file], ['PRELOAD_JS_CHECK', 'PreloadJSCheck', 'CSP_GLOBAL_CHECK']);
    expect(problems).toEqual([
      `${file}:2: eng-disable without a reason (say why in at least four words after the check names)`,
      `${file}:3: eng-disable names an unknown check "PRELOAD_JS_CHEK"`,
    ]);
  });

  it('exits non-zero from the command line when there is a finding', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'main.ts'), INSECURE_MAIN);
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'electronegativity.js'), dir], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('CONTEXT_ISOLATION_JS_CHECK');
  });
});
