import { resolve } from 'node:path';
import type { Command } from 'commander';
import { WorkbenchError } from '../../core/errors';
import { describeIssues } from '../../core/services/dispatch';
import { findAnnotatorByName, getAnnotator } from '../../core/store/annotators';
import type { Db } from '../../core/store/types';
import { openWorkbench } from '../../core/workbench';
import { DocumentStatus } from '../../shared/contract/methods/documents';
import { ExportOptions, type ExportSummary } from '../../shared/contract/methods/exports';
import { databasePathOf } from '../context';
import { followJob } from '../followJob';

type CliOptions = {
  format: string;
  out: string;
  layer?: string;
  status?: string;
  labels?: string;
  from?: string;
  to?: string;
  split?: string;
  seed?: string;
  shardSize?: string;
  json?: boolean;
};

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `--layer all|gold|majority|annotator:NAME` as the contract's layer (a name is looked up, an id taken as is). */
function layerOf(db: Db, value: string | undefined): unknown {
  if (!value || value === 'all' || value === 'gold' || value === 'majority') return { kind: value ?? 'all' };
  const match = /^annotator:(.+)$/.exec(value);
  if (!match?.[1]) throw new WorkbenchError('invalid_input', `--layer takes all, gold, majority or annotator:NAME, got "${value}".`);
  const annotator = findAnnotatorByName(db, match[1]) ?? getAnnotator(db, match[1]);
  if (!annotator) throw new WorkbenchError('not_found', `--layer ${value}: no annotator is called "${match[1]}".`);
  return { kind: 'annotator', annotatorId: annotator.id };
}

/** The export options of the command line, validated by the contract's own schema. */
export function exportOptionsOf(db: Db, cli: CliOptions): ExportOptions {
  let split: unknown;
  if (cli.split) {
    const ratios = list(cli.split).map(Number);
    if (ratios.length !== 3 || ratios.some((ratio) => !Number.isFinite(ratio))) {
      throw new WorkbenchError('invalid_input', `--split takes three ratios for train, dev and test, like 0.8,0.1,0.1; got "${cli.split}".`);
    }
    split = { train: ratios[0], dev: ratios[1], test: ratios[2], seed: cli.seed === undefined ? 0 : Number(cli.seed) };
  } else if (cli.seed !== undefined) throw new WorkbenchError('invalid_input', '--seed goes with --split.');
  const statuses = cli.status === undefined ? undefined : cli.status === 'any' ? DocumentStatus.options : list(cli.status);
  const raw = {
    format: cli.format,
    layer: layerOf(db, cli.layer),
    ...(statuses ? { statuses } : {}),
    ...(cli.labels ? { labels: list(cli.labels) } : {}),
    ...(cli.from ? { dateFrom: cli.from } : {}),
    ...(cli.to ? { dateTo: cli.to } : {}),
    ...(split ? { split } : {}),
    ...(cli.shardSize ? { shardSize: Number(cli.shardSize) } : {}),
  };
  const parsed = ExportOptions.safeParse(raw);
  if (!parsed.success) throw new WorkbenchError('invalid_input', `awb export: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The summary as a person reads it. */
export function formatExportSummary(summary: ExportSummary): string {
  const lines = [
    `✓ ${summary.documents} documents, ${summary.records} records and ${summary.spans} spans written to ${summary.folder}`,
    `  spans per label: ${Object.entries(summary.spansPerLabel)
      .map(([label, count]) => `${label} ${count}`)
      .join(', ')}`,
  ];
  const splits = Object.entries(summary.documentsPerSplit).filter(([split]) => split !== 'all');
  if (splits.length > 0) lines.push(`  documents per split: ${splits.map(([split, count]) => `${split} ${count}`).join(', ')}`);
  lines.push(`  every span's text[start:end] checked: ${summary.spansVerified} spans`);
  if (summary.documentsSkipped.byStatus + summary.documentsSkipped.byDate > 0)
    lines.push(`  left out: ${summary.documentsSkipped.byStatus} documents by status, ${summary.documentsSkipped.byDate} by date`);
  if (summary.majorityTies > 0) lines.push(`  majority ties (left out): ${summary.majorityTies}`);
  for (const loss of summary.lossiness) lines.push(`  ! dropped ${loss.count} × ${loss.kind.replace(/_/g, ' ')}: ${loss.reason}`);
  for (const warning of summary.warnings) lines.push(`  ! ${warning}`);
  lines.push(`  files: ${summary.files.length + summary.filesOmitted + 1} (manifest.json lists them with their SHA-256)`);
  return `${lines.join('\n')}\n`;
}

/** `awb export --format F --out DIR`: exports as one job, with a progress bar on a terminal. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description('export annotations as canonical JSONL, spaCy, Hugging Face, CoNLL, brat, Label Studio or doccano files, with a manifest and a dataset card')
    .requiredOption('--format <format>', 'jsonl, spacy, hf, conll, brat, labelstudio or doccano')
    .requiredOption('--out <dir>', 'an empty or new folder to write into')
    .option('--layer <layer>', 'all (every annotator), gold, majority, or annotator:NAME (default: all)')
    .option('--status <list>', 'document statuses to take, comma-separated (todo, in_progress, done, skipped) or any (default: done)')
    .option('--labels <list>', 'labels to take, comma-separated (default: all)')
    .option('--from <date>', 'first publication date, YYYY-MM-DD')
    .option('--to <date>', 'last publication date, YYYY-MM-DD')
    .option('--split <ratios>', 'train,dev,test ratios, like 0.8,0.1,0.1 (by document, the same on every machine)')
    .option('--seed <n>', 'the split seed (default 0)')
    .option('--shard-size <n>', 'at most this many documents per file')
    .option('--json', 'print the summary as JSON')
    .action(async (cli: CliOptions, command: Command) => {
      const workbench = await openWorkbench(databasePathOf(command));
      try {
        const options = exportOptionsOf(workbench.db, cli);
        const started = workbench.jobs.start({ kind: 'export', input: { options, target: { kind: 'exactly', path: resolve(cli.out) } } });
        const status = await followJob(workbench.jobs, started.id, !cli.json && process.stderr.isTTY === true);
        if (status.state === 'cancelled') {
          process.stderr.write('awb: export cancelled; the files it had written were removed.\n');
          process.exitCode = 130;
          return;
        }
        if (status.state === 'failed' || status.result?.kind !== 'export') {
          throw new WorkbenchError((status.error?.code as never) ?? 'internal', status.error?.message ?? 'the export failed.');
        }
        const { summary } = status.result;
        process.stdout.write(cli.json ? `${JSON.stringify(summary, null, 2)}\n` : formatExportSummary(summary));
      } finally {
        await workbench.shutdown();
      }
    });
}
