import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { z } from 'zod';
import { writeReport } from '../../core/agreement/report/writeReport';
import { WorkbenchError } from '../../core/errors';
import { describeIssues } from '../../core/services/dispatch';
import { activeProject } from '../../core/services/session';
import { adjudicationProgress } from '../../core/store/adjudication';
import { findAnnotatorByName, getAnnotator } from '../../core/store/annotators';
import type { Db } from '../../core/store/types';
import { openWorkbench } from '../../core/workbench';
import { figureText } from '../../shared/agreement/charts';
import { AgreementRequestInput, type AgreementSummary } from '../../shared/contract/methods/agreement';
import { databasePathOf } from '../context';
import { followJob } from '../followJob';

type CliOptions = { json?: boolean; tokenizer?: string; labels?: string; annotators?: string; counting?: string; report?: string };

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** `--tokenizer project|regex:PATTERN` as the contract's tokenizer. */
function tokenizerOf(value: string | undefined): unknown {
  if (value === undefined || value === 'project') return { kind: 'project' };
  if (value.startsWith('regex:')) return { kind: 'regex', pattern: value.slice('regex:'.length) };
  throw new WorkbenchError('invalid_input', `--tokenizer takes project or regex:PATTERN (for example regex:\\w+|[^\\w\\s]), got "${value}".`);
}

/** `--annotators Ana,Bo`: names, or ids as they are. */
function annotatorIdsOf(db: Db, value: string): string[] {
  return list(value).map((name) => {
    const annotator = findAnnotatorByName(db, name) ?? getAnnotator(db, name);
    if (!annotator) throw new WorkbenchError('not_found', `--annotators: no annotator is called "${name}".`);
    return annotator.id;
  });
}

/** The command line's request, validated by the contract's own schema. */
export function agreementRequestOf(db: Db, cli: CliOptions): z.output<typeof AgreementRequestInput> {
  const raw = {
    tokenizer: tokenizerOf(cli.tokenizer),
    ...(cli.labels ? { labels: list(cli.labels) } : {}),
    ...(cli.annotators ? { annotators: annotatorIdsOf(db, cli.annotators) } : {}),
    ...(cli.counting ? { counting: cli.counting } : {}),
  };
  const parsed = AgreementRequestInput.safeParse(raw);
  if (!parsed.success) throw new WorkbenchError('invalid_input', `awb agreement: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The figures as a person reads them: overall, per pair, per label; undefined ones with their reason. */
export function formatAgreement(summary: AgreementSummary): string {
  const name = (id: string) => summary.annotators.find((annotator) => annotator.id === id)?.name ?? id;
  const shown = (figure: AgreementSummary['token']['alpha']) => ('value' in figure ? figureText(figure) : `undefined (${figure.reason})`);
  const docs = summary.documents;
  const lines = [
    `Agreement of ${summary.annotators.map((annotator) => annotator.name).join(', ')} on ${summary.labels.join(', ')}`,
    `  documents: ${docs.compared} compared of ${docs.total} (${docs.singleAnnotator} with one annotator, ${docs.unannotated} with none, ${docs.excluded.length} left out)`,
    `  tokens: ${summary.token.tokens}; tokenizer: ${summary.tokenizer.kind === 'project' ? 'project' : `/${summary.tokenizer.pattern}/u`}; counted: ${summary.counting}`,
    '',
    `  Krippendorff's alpha (tokens)   ${shown(summary.token.alpha)}`,
    `  observed agreement (tokens)     ${shown(summary.token.observedAgreement)}`,
    `  Fleiss' kappa                   ${shown(summary.token.fleiss.kappa)}`,
    `  span F1, exact                  ${shown(summary.span.exact.f1)}`,
    `  span F1, overlap                ${shown(summary.span.overlap.f1)}`,
    '',
    '  pair            Cohen κ   exact F1  overlap F1',
  ];
  summary.token.pairs.forEach((pair, index) => {
    const spans = summary.span.pairs[index];
    const who = `${name(pair.a)}–${name(pair.b)}`.padEnd(15);
    lines.push(
      `  ${who} ${figureText(pair.kappa).padStart(8)}  ${figureText(spans?.exact.f1 ?? pair.kappa).padStart(8)}  ${figureText(spans?.overlap.f1 ?? pair.kappa).padStart(10)}`,
    );
  });
  lines.push('', '  label            presence α  exact F1  overlap F1');
  for (const label of summary.labels) {
    const presence = summary.token.labels.find((entry) => entry.label === label);
    const exact = summary.span.exact.labels.find((entry) => entry.label === label);
    const overlap = summary.span.overlap.labels.find((entry) => entry.label === label);
    const text = (figure: AgreementSummary['token']['alpha'] | undefined) => (figure ? figureText(figure) : 'undefined');
    lines.push(`  ${label.padEnd(16)} ${text(presence?.presenceAlpha).padStart(10)}  ${text(exact?.f1).padStart(8)}  ${text(overlap?.f1).padStart(10)}`);
  }
  const worst = summary.perDocument.slice(0, 5).filter((row) => row.span.exactUnmatched + row.span.attributeDisagreements + row.token.disagreeingTokens > 0);
  if (worst.length > 0) {
    lines.push('', '  most disagreement:');
    for (const row of worst) {
      lines.push(
        `    ${row.title} (${row.documentId}): ${row.span.exactUnmatched} spans without an exact partner, ${row.token.disagreeingTokens} disagreeing tokens`,
      );
    }
  }
  for (const entry of docs.excluded) lines.push(`  ! left out: ${entry.message}`);
  const undefinedOnes = [summary.token.alpha, summary.token.fleiss.kappa, summary.span.exact.f1].filter((figure) => !('value' in figure));
  if (undefinedOnes.length > 0) lines.push('', '  docs/agreement.md explains when a figure is undefined.');
  return `${lines.join('\n')}\n`;
}

/** `awb agreement`: inter-annotator agreement as one job, with a progress bar on a terminal, and a report on request. */
export function registerAgreement(program: Command): void {
  program
    .command('agreement')
    .description('inter-annotator agreement: token kappa and alpha, span F1 (exact and overlap), label confusion and attribute agreement (docs/agreement.md)')
    .option('--json', 'print every figure and per-document row as JSON')
    .option('--tokenizer <spec>', 'project (default) or regex:PATTERN, a pattern whose matches are the tokens (Unicode mode)')
    .option('--labels <list>', 'labels to compare, comma-separated (default: the schema’s)')
    .option('--annotators <list>', 'annotators to compare by name, comma-separated (default: everyone who marked a document done)')
    .option('--counting <rule>', 'done (default) or done-or-annotated: who counts for a document')
    .option('--report <dir>', 'also write the report (HTML with charts, CSV, JSON) into this empty or new folder')
    .action(async (cli: CliOptions, command: Command) => {
      const workbench = await openWorkbench(databasePathOf(command));
      try {
        const request = agreementRequestOf(workbench.db, cli);
        const project = activeProject(workbench.context);
        const started = await workbench.handlers['agreement.start']({ ...request, projectId: project.id });
        const status = await followJob(workbench.jobs, started.jobId, !cli.json && process.stderr.isTTY === true);
        if (status.state === 'cancelled') {
          process.stderr.write('awb: agreement cancelled.\n');
          process.exitCode = 130;
          return;
        }
        if (status.state === 'failed' || status.result?.kind !== 'agreement') {
          throw new WorkbenchError((status.error?.code as never) ?? 'internal', status.error?.message ?? 'agreement failed.');
        }
        const { summary } = workbench.agreementRuns.get(started.jobId);
        let reportFolder: string | null = null;
        if (cli.report) {
          const written = writeReport(
            { projectName: project.name, createdAt: workbench.context.now(), summary, adjudication: adjudicationProgress(workbench.db, project.id) },
            { kind: 'exactly', path: resolve(cli.report) },
          );
          reportFolder = written.folder;
        }
        if (cli.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else {
          process.stdout.write(formatAgreement(summary));
          if (reportFolder) process.stdout.write(`\n✓ report written to ${reportFolder} (agreement-report.html, CSV files, agreement.json)\n`);
        }
      } finally {
        await workbench.shutdown();
      }
    });
}
