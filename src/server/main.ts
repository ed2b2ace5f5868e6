import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { resolveDatabasePath } from '../core/dataPaths';
import { serve } from './serve';

// `npm run serve -- [--db PATH] [--port N] [--renderer DIR]`: the HTTP host on its own.
const { values } = parseArgs({
  options: { db: { type: 'string' }, port: { type: 'string' }, renderer: { type: 'string' } },
  strict: true,
});

const dbPath = resolveDatabasePath({ flag: values.db, env: process.env, platform: process.platform, home: homedir() });
serve({
  dbPath,
  ...(values.renderer ? { rendererDir: values.renderer } : {}),
  ...(values.port ? { port: Number(values.port) } : {}),
}).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
