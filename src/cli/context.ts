import { homedir } from 'node:os';
import type { Command } from 'commander';
import { resolveDatabasePath } from '../core/dataPaths';
import { WorkbenchError } from '../core/errors';

/** The database a command works on: `--db`, else `AWB_DB`, else the app's user-data folder. */
export function databasePathOf(command: Command): string {
  const { db } = command.optsWithGlobals<{ db?: string }>();
  return resolveDatabasePath({ flag: db, env: process.env, platform: process.platform, home: homedir() });
}

/** Prints a command's failure the way users should see it: the message, no stack for known errors. */
export function reportFailure(error: unknown): number {
  if (error instanceof WorkbenchError) {
    process.stderr.write(`awb: ${error.message}\n`);
    return 1;
  }
  process.stderr.write(`awb: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 2;
}
