import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { ImportOptions, ImportSummary } from '../../shared/contract/methods/imports';
import { runImport, type JobControl } from '../import/runImport';
import type { ChosenPath } from '../import/units';
import { openJobConnection } from '../jobs/openJobConnection';
import type { Db } from '../store/types';
import { openWorkbench, type Workbench } from '../workbench';

export const quietLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The folder of the import fixtures (written for these tests in each tool's documented shape). */
export const FIXTURES = join(import.meta.dirname, '..', 'import', '__fixtures__');

/** A fresh workbench database in a folder (with the demo project, as on first run). */
export function openTestWorkbench(dir: string): Promise<Workbench> {
  return openWorkbench(join(dir, 'workbench.db'), { logger: quietLogger });
}

/** Paths as the import takes them, named by their base name. */
export function chosen(...paths: string[]): ChosenPath[] {
  return paths.map((path) => ({ path, name: path.split('/').at(-1) ?? path }));
}

/**
 * Runs an import the way a job worker does: on a second connection of its own, with a control
 * that records progress and can be told to cancel.
 */
export async function importInto(
  workbench: Workbench,
  paths: ChosenPath[],
  options: ImportOptions = {},
  control: Partial<JobControl> = {},
): Promise<ImportSummary> {
  const db = openJobConnection(workbench.dbPath);
  try {
    return await runImport(
      { db, logger: quietLogger, now: () => new Date().toISOString(), newId: randomUUID },
      { paths, options },
      {
        isCancelled: () => false,
        progress: () => undefined,
        ...control,
      },
    );
  } finally {
    db.close();
  }
}

/**
 * Every row of every table (FTS shadow tables included) in a stable order, as text: two equal
 * dumps mean the databases hold exactly the same data.
 */
export function dumpDatabase(db: Db): string {
  const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
  const parts: string[] = [];
  for (const table of tables) {
    if (table.sql.startsWith('CREATE VIRTUAL TABLE')) continue;
    const rows = db.prepare(`SELECT * FROM "${table.name}" ORDER BY 1, 2`).raw().all();
    parts.push(`${table.name}: ${JSON.stringify(rows, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('hex') : value))}`);
  }
  return parts.join('\n');
}
