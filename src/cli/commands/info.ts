import type { Command } from 'commander';
import { LATEST_SCHEMA_VERSION } from '../../core/store/migrations/index';
import { openWorkbench } from '../../core/workbench';
import { databasePathOf } from '../context';

type Counts = { projects: number; documents: number; annotators: number; annotations: number };

/** `awb info`: where the database is, its schema version and what it holds. */
export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('show the database path, schema version and counts of what it holds')
    .option('--json', 'print JSON instead of text')
    .action(async (options: { json?: boolean }, command: Command) => {
      const dbPath = databasePathOf(command);
      const workbench = await openWorkbench(dbPath);
      try {
        const count = (table: string, where = '') => (workbench.db.prepare(`SELECT count(*) AS n FROM ${table} ${where}`).get() as { n: number }).n;
        const counts: Counts = {
          projects: count('project'),
          documents: count('document'),
          annotators: count('annotator'),
          annotations: count('annotation', 'WHERE deleted = 0'),
        };
        const info = {
          database: dbPath,
          schemaVersion: Number(workbench.db.pragma('user_version', { simple: true })),
          latestSchemaVersion: LATEST_SCHEMA_VERSION,
          ...counts,
        };
        process.stdout.write(
          options.json
            ? `${JSON.stringify(info, null, 2)}\n`
            : `database      ${info.database}\nschema        ${info.schemaVersion} (this version knows up to ${info.latestSchemaVersion})\nprojects      ${counts.projects}\ndocuments     ${counts.documents}\nannotators    ${counts.annotators}\nannotations   ${counts.annotations}\n`,
        );
      } finally {
        workbench.close();
      }
    });
}
