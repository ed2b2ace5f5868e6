import { basename, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { WorkbenchError } from '../../core/errors';
import { describeIssues } from '../../core/services/dispatch';
import { openWorkbench } from '../../core/workbench';
import { ImportOptions, type ImportSummary } from '../../shared/contract/methods/imports';
import type { JobStatus } from '../../shared/contract/methods/jobs';
import { databasePathOf } from '../context';

type CliOptions = {
  format?: string;
  annotator?: string;
  json?: boolean;
  textField?: string;
  titleField?: string;
  sourceField?: string;
  dateField?: string;
  idField?: string;
  spanShape?: string;
  offsetUnit?: string;
  delimiter?: string;
  labelMap?: string[];
};

const POLL_MS = 100;

/** The import options of the command line, validated by the contract's own schema. */
export function importOptionsOf(cli: CliOptions): ImportOptions {
  const fields = Object.fromEntries(
    (
      [
        ['text', cli.textField],
        ['title', cli.titleField],
        ['source', cli.sourceField],
        ['date', cli.dateField],
        ['id', cli.idField],
      ] as const
    )
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, key !== 'text' && value === '-' ? null : value]),
  );
  const labelMap = Object.fromEntries(
    (cli.labelMap ?? []).map((pair) => {
      const [from, to] = pair.split('=');
      if (!from || !to) throw new WorkbenchError('invalid_input', `--label-map takes FROM=TO, got "${pair}".`);
      return [from, to];
    }),
  );
  const raw = {
    ...(cli.format ? { format: cli.format } : {}),
    ...(cli.annotator ? { annotator: cli.annotator } : {}),
    ...(Object.keys(fields).length > 0 ? { fields } : {}),
    ...(cli.spanShape ? { spanShape: cli.spanShape } : {}),
    ...(cli.offsetUnit ? { offsetUnit: cli.offsetUnit } : {}),
    ...(cli.delimiter ? { delimiter: cli.delimiter === 'tab' ? '\t' : cli.delimiter } : {}),
    ...(Object.keys(labelMap).length > 0 ? { labelMap } : {}),
  };
  const parsed = ImportOptions.safeParse(raw);
  if (!parsed.success) throw new WorkbenchError('invalid_input', `awb import: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The summary as a person reads it. */
export function formatSummary(summary: ImportSummary): string {
  const lines: string[] = [];
  for (const file of summary.files) {
    if (file.status === 'failed') lines.push(`✗ ${file.name}: ${file.error?.message ?? 'failed'} (nothing from this file was imported)`);
    else
      lines.push(
        `✓ ${file.name} (${file.format}): ${file.documentsImported} documents imported, ${file.duplicates} duplicates, ${file.documentsSkipped} skipped; ${file.spansImported} spans imported, ${file.spansSkipped} skipped`,
      );
  }
  const t = summary.totals;
  lines.push(
    `Total: ${t.documentsImported} documents and ${t.spansImported} spans imported; ${t.duplicates} duplicates; ${t.documentsSkipped} documents and ${t.spansSkipped} spans skipped; ${t.filesFailed} of ${summary.files.length} files failed.`,
  );
  if (summary.annotators.length > 0) lines.push(`Annotators: ${summary.annotators.map((a) => `${a.name}${a.created ? ' (new)' : ''}`).join(', ')}`);
  for (const issue of summary.issues) lines.push(`  - [${issue.kind}] ${issue.file}: ${issue.message}`);
  if (summary.issuesOmitted > 0) lines.push(`  … and ${summary.issuesOmitted} more.`);
  return `${lines.join('\n')}\n`;
}

/** `awb import PATH...`: imports files or folders as one job, with a progress bar on a terminal. */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('import articles (and their annotations) from text, JSONL, CSV/TSV, HTML, Label Studio JSON or brat files and folders')
    .argument('<paths...>', 'files or folders to import')
    .option('--format <format>', 'text, jsonl, csv, html, labelstudio or brat (default: detected per file)')
    .option('--annotator <name>', 'annotator for spans whose file names none (default: the source tool)')
    .option('--json', 'print the summary as JSON')
    .option('--text-field <name>', 'JSONL field or CSV column with the text (default: text)')
    .option('--title-field <name>', 'field with the title ("-" for none)')
    .option('--source-field <name>', 'field with the source ("-" for none)')
    .option('--date-field <name>', 'field with the date ("-" for none)')
    .option('--id-field <name>', 'field with the document id ("-" for none)')
    .option('--span-shape <shape>', 'JSONL annotations: auto, canonical, doccano, spans or none')
    .option('--offset-unit <unit>', 'offsets in the file: codepoint or utf16 (default: per format)')
    .option('--delimiter <char>', 'CSV delimiter: , ; | or tab (default: detected)')
    .option('--label-map <FROM=TO...>', 'rename source labels to project labels')
    .action(async (paths: string[], cli: CliOptions, command: Command) => {
      const options = importOptionsOf(cli);
      const workbench = await openWorkbench(databasePathOf(command));
      try {
        const started = workbench.jobs.start({
          kind: 'import',
          input: { paths: paths.map((path) => ({ path: resolve(path), name: basename(path) })), options },
        });
        const status = await follow(workbench.jobs, started.id, !cli.json && process.stderr.isTTY === true);
        if (status.state === 'cancelled') {
          process.stderr.write('awb: import cancelled; the database is as it was before.\n');
          process.exitCode = 130;
          return;
        }
        if (status.state === 'failed' || !status.result) throw new WorkbenchError('internal', status.error?.message ?? 'the import failed.');
        const { summary } = status.result;
        process.stdout.write(cli.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
        if (summary.totals.filesFailed > 0) process.exitCode = 1;
      } finally {
        await workbench.shutdown();
      }
    });
}

/** Polls a job until it ends, drawing a progress bar on a terminal; Ctrl+C cancels it. */
async function follow(
  jobs: { get(id: string): JobStatus; cancel(id: string): JobStatus; wait(id: string): Promise<JobStatus> },
  id: string,
  tty: boolean,
): Promise<JobStatus> {
  const bar = tty
    ? new SingleBar({ format: '{bar} {percentage}% | {value}/{total} MB | {phase}', stream: process.stderr, hideCursor: true, clearOnComplete: true })
    : null;
  const onInterrupt = () => jobs.cancel(id);
  process.once('SIGINT', onInterrupt);
  bar?.start(1, 0, { phase: 'Starting' });
  const timer = setInterval(() => {
    const { progress, phase } = jobs.get(id);
    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    bar?.setTotal(Math.max(mb(progress.total), 0.1));
    bar?.update(mb(progress.done), { phase });
  }, POLL_MS);
  try {
    return await jobs.wait(id);
  } finally {
    clearInterval(timer);
    bar?.stop();
    process.removeListener('SIGINT', onInterrupt);
  }
}
