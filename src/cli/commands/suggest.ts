import type { Command } from 'commander';
import { WorkbenchError } from '../../core/errors';
import { openWorkbench } from '../../core/workbench';
import type { SuggestSummary } from '../../shared/contract/methods/suggestions';
import { databasePathOf } from '../context';
import { followJob } from '../followJob';

type CliOptions = { documents?: string; sources?: string; json?: boolean };

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** The summary as a person reads it. */
export function formatSuggestSummary(summary: SuggestSummary): string {
  const lines = [`✓ ${summary.suggestions} suggestions written for ${summary.documents} documents`];
  for (const source of summary.sources) lines.push(`  ${source}: ${summary.perSource[source] ?? 0}`);
  return `${lines.join('\n')}\n`;
}

/** `awb suggest`: writes suggestions for a batch of documents as one job, with a progress bar on a terminal. */
export function registerSuggest(program: Command): void {
  program
    .command('suggest')
    .description("write suggestions (propagation, the casualty rule, the project's gazetteers) for documents, to pre-annotate a batch before packaging it")
    .option('--documents <ids>', 'document ids, comma-separated (default: every document of the project)')
    .option('--sources <list>', 'sources, comma-separated: propagation, casualty-rule, gazetteer:NAME (default: all)')
    .option('--json', 'print the summary as JSON')
    .action(async (cli: CliOptions, command: Command) => {
      const workbench = await openWorkbench(databasePathOf(command));
      try {
        const documentIds = cli.documents === undefined ? undefined : list(cli.documents);
        const sources = cli.sources === undefined ? undefined : list(cli.sources);
        if (documentIds?.length === 0) throw new WorkbenchError('invalid_input', '--documents names no document.');
        if (sources?.length === 0) throw new WorkbenchError('invalid_input', '--sources names no source.');
        // The contract's own method checks the sources before the job starts.
        const { jobId } = await workbench.handlers['suggestions.start']({ ...(documentIds ? { documentIds } : {}), ...(sources ? { sources } : {}) });
        const status = await followJob(workbench.jobs, jobId, !cli.json && process.stderr.isTTY === true);
        if (status.state === 'cancelled') {
          process.stderr.write('awb: suggestion run cancelled; documents finished before the cancel keep their new suggestions.\n');
          process.exitCode = 130;
          return;
        }
        if (status.state === 'failed' || status.result?.kind !== 'suggest') {
          throw new WorkbenchError((status.error?.code as never) ?? 'internal', status.error?.message ?? 'the suggestion run failed.');
        }
        const { summary } = status.result;
        process.stdout.write(cli.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSuggestSummary(summary));
      } finally {
        await workbench.shutdown();
      }
    });
}
