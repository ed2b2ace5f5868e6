import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on one of the app's entry points, wherever the code runs from:
 * `script` when given (the Electron main process passes the bundle's), else the built `<name>.js`
 * beside `dir` when there is one, else the TypeScript source `<dir>/<name>.ts` through tsx (a
 * source checkout: CLI, HTTP host, tests). Workers do not inherit loader hooks, so tsx is
 * registered inside the worker before the entry is imported.
 */
export function spawnWorker(entry: { dir: string; name: string; script?: string | undefined }, workerData: unknown): Worker {
  if (entry.script) return new Worker(entry.script, { workerData });
  const built = join(entry.dir, `${entry.name}.js`);
  if (existsSync(built)) return new Worker(built, { workerData });
  const tsx = tsxEsmApiUrl();
  const source = pathToFileURL(join(entry.dir, `${entry.name}.ts`)).href;
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/** The URL of tsx's ESM register API (its CommonJS twin registers hooks a worker cannot load). */
function tsxEsmApiUrl(): string {
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/index\.cjs$/, 'index.mjs')).href;
}
