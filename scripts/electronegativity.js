// The electronegativity gate (part of `npm run lint`). electronegativity's own CLI exits 0 whatever
// it finds and silently skips files it cannot parse, so it is called programmatically here and
// the result counted: any finding, any parse error, any file the tool would skip, or any
// `eng-disable` without a reason fails the gate.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

/**
 * Checks that need the internet (the GitHub release list) and one that only reports the version
 * number those would have compared. Whether Electron is current is checked offline instead, by
 * src/main/security/electronCurrency.test.ts.
 */
export const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck', 'ElectronVersionJSONCheck'];

/** Source extensions electronegativity parses; anything else under the scanned folder is skipped by it. */
const SCANNED_EXTENSIONS = new Set(['.js', '.jsx', '.ts', '.tsx', '.html', '.htm']);
/** Module flavours it does not read at all: a window created in one of these would go unchecked. */
const UNSCANNED_SOURCE_EXTENSIONS = new Set(['.mjs', '.cjs', '.mts', '.cts']);

/** The Electron version the app pins, read from the installed package (never the network). */
export function installedElectronVersion() {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/**
 * electronegativity fetches translations from the internet on every run (and, for the excluded
 * checks, release lists). The app is offline by design and so is its lint: `got`, the HTTP
 * client it uses, is replaced in the module cache by one that refuses at once.
 */
function keepOffline() {
  const engRequire = createRequire(require.resolve('@doyensec/electronegativity'));
  const gotPath = engRequire.resolve('got');
  const refuse = () => Promise.reject(new Error('electronegativity runs offline here'));
  refuse.head = refuse;
  refuse.get = refuse;
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: refuse };
}

function listFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else files.push(path);
  }
  return files;
}

/**
 * Every `eng-disable` in the scanned files must name real checks and say why, after the names:
 * `// eng-disable PRELOAD_JS_CHECK: the reason` in code, `<!-- eng-disable CSP_GLOBAL_CHECK the
 * reason in plain words -->` in HTML (the tool's HTML pattern stops at punctuation). A bare or
 * misspelt suppression is reported as a problem.
 */
export function findSuppressionProblems(files, knownCheckIds) {
  const problems = [];
  const known = new Set(knownCheckIds.map((id) => id.toUpperCase()));
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, index) => {
      const match = /eng-disable\b(.*)/.exec(line);
      if (!match) return;
      const where = `${file}:${index + 1}`;
      const tokens = match[1]
        .replace(/-->.*$/, '')
        .replace(/\*\/.*$/, '')
        .trim()
        .split(/[\s,]+/)
        .filter(Boolean);
      const named = [];
      while (tokens.length > 0 && /^([A-Z][A-Z0-9]*_[A-Z0-9_]+|[A-Z][A-Za-z]*Check):?$/.test(tokens[0])) {
        const token = tokens.shift();
        named.push(token.replace(/:$/, ''));
        if (token.endsWith(':')) break;
      }
      const reason = tokens.join(' ').replace(/^:\s*/, '');
      if (named.length === 0) problems.push(`${where}: eng-disable names no check`);
      for (const id of named) {
        if (!known.has(id.toUpperCase())) problems.push(`${where}: eng-disable names an unknown check "${id}"`);
      }
      if (reason.trim().split(/\s+/).filter(Boolean).length < 4)
        problems.push(`${where}: eng-disable without a reason (say why in at least four words after the check names)`);
    });
  }
  return problems;
}

/** The ids and class names of every check electronegativity knows, for validating suppressions. */
function knownCheckIds() {
  const engRequire = createRequire(require.resolve('@doyensec/electronegativity'));
  const ids = [];
  for (const kind of ['AtomicChecks', 'GlobalChecks']) {
    const dir = join(engRequire.resolve('@doyensec/electronegativity'), '..', 'finder', 'checks', kind);
    for (const name of readdirSync(dir)) {
      if (!name.endsWith('Check.js')) continue;
      const Check = engRequire(join(dir, name));
      ids.push(name.replace(/\.js$/, ''));
      try {
        ids.push(new Check().id);
      } catch {
        // A check whose constructor needs arguments still has its class name.
      }
    }
  }
  return ids;
}

/**
 * Scans a folder with electronegativity and returns everything that should fail the build.
 * @param {{ input: string, electronVersion?: string }} options
 */
export async function scanForElectronIssues(options) {
  const input = resolve(options.input);
  if (!existsSync(input)) throw new Error(`electronegativity: ${input} does not exist`);
  keepOffline();
  const files = listFiles(input);
  const scanned = files.filter((file) => SCANNED_EXTENSIONS.has(extname(file).toLowerCase()));
  const unscanned = files.filter((file) => UNSCANNED_SOURCE_EXTENSIONS.has(extname(file).toLowerCase()));
  const run = require('@doyensec/electronegativity');
  // The tool prints a line when its translation download fails; that is expected offline.
  // eslint-disable-next-line no-console -- silencing the tool's own console output for the scan.
  const log = console.log;
  // eslint-disable-next-line no-console -- as above.
  console.log = () => undefined;
  let result;
  try {
    result = await run({
      input,
      electronVersionOverride: options.electronVersion ?? installedElectronVersion(),
      excludeFromScan: EXCLUDED_CHECKS,
      customScan: [],
      parserPlugins: [],
      isRelative: true,
    });
  } finally {
    // eslint-disable-next-line no-console -- restoring it.
    console.log = log;
  }
  return {
    scannedFiles: scanned.map((file) => relative(input, file)),
    issues: result.issues.map((issue) => ({
      id: issue.id,
      file: issue.file,
      line: issue.location?.line ?? 0,
      severity: issue.severity?.name ?? String(issue.severity?.value ?? ''),
      description: issue.description,
    })),
    parseErrors: result.errors.map((error) => ({ file: relative(input, error.file), message: error.message, tolerable: error.tolerable })),
    unscannedFiles: unscanned.map((file) => relative(input, file)),
    suppressionProblems: findSuppressionProblems(scanned, knownCheckIds()).map((problem) => problem.replace(`${input}/`, '')),
  };
}

/** Whether a scan passes the gate: nothing found, nothing unparsed, nothing skipped, every suppression explained. */
export function gatePasses(report) {
  return report.issues.length + report.parseErrors.length + report.unscannedFiles.length + report.suppressionProblems.length === 0;
}

/** One readable line per problem. */
export function describeReport(report) {
  return [
    ...report.issues.map((issue) => `finding ${issue.id} (${issue.severity}) at ${issue.file}:${issue.line}: ${issue.description}`),
    ...report.parseErrors.map((error) => `parse error in ${error.file}: ${error.message}`),
    ...report.unscannedFiles.map((file) => `${file}: electronegativity does not read this file type; use .ts or .js`),
    ...report.suppressionProblems,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const input = process.argv[2] ?? join(root, 'src');
  const report = await scanForElectronIssues({ input });
  const problems = describeReport(report);
  for (const problem of problems) process.stderr.write(`electronegativity: ${problem}\n`);
  process.stdout.write(
    `electronegativity ${installedElectronVersion() ? `(Electron ${installedElectronVersion()})` : ''}: ${report.scannedFiles.length} files scanned in ${relative(root, input) || '.'}, ${report.issues.length} findings, ${report.parseErrors.length} parse errors, ${report.unscannedFiles.length} unscannable files, ${report.suppressionProblems.length} unexplained suppressions\n`,
  );
  process.exitCode = gatePasses(report) ? 0 : 1;
}
