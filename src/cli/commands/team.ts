import { resolve } from 'node:path';
import type { Command } from 'commander';
import { WorkbenchError } from '../../core/errors';
import type { JobRequest } from '../../core/jobs/jobTypes';
import { activeProject } from '../../core/services/session';
import { findAnnotatorByName, getAnnotator } from '../../core/store/annotators';
import type { Db } from '../../core/store/types';
import { openWorkbench, type Workbench } from '../../core/workbench';
import { DocumentStatus } from '../../shared/contract/methods/documents';
import type { JobResult } from '../../shared/contract/methods/jobs';
import type { BundleWrittenSummary, MergeSummary, PackageOpened, PackagesSummary } from '../../shared/contract/methods/team';
import { databasePathOf } from '../context';
import { followJob } from '../followJob';

const list = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Runs a team job with a progress bar on a terminal (Ctrl+C cancels it) and answers with its result (null when cancelled). */
async function runTeamJob(workbench: Workbench, request: JobRequest, json: boolean | undefined): Promise<JobResult | null> {
  const started = workbench.jobs.start(request);
  const status = await followJob(workbench.jobs, started.id, !json && process.stderr.isTTY === true);
  if (status.state === 'cancelled') {
    process.stderr.write(`awb: ${status.error?.message ?? 'cancelled; nothing was kept.'}\n`);
    process.exitCode = 130;
    return null;
  }
  if (status.state === 'failed' || status.result?.kind !== request.kind) {
    throw new WorkbenchError((status.error?.code as never) ?? 'internal', status.error?.message ?? `the ${request.kind} job failed.`);
  }
  return status.result;
}

/** An annotator by name or id. */
function annotatorOf(db: Db, nameOrId: string): string {
  const annotator = findAnnotatorByName(db, nameOrId) ?? getAnnotator(db, nameOrId);
  if (!annotator) throw new WorkbenchError('not_found', `--annotators: no annotator is called "${nameOrId}" (add new team members with --add "${nameOrId}").`);
  return annotator.id;
}

/** What writing packages did, as a person reads it. */
export function formatPackagesSummary(summary: PackagesSummary): string {
  const lines = [
    `✓ ${summary.documents} documents, each to ${summary.k} annotators (seed ${summary.seed}): ${summary.packages.length} packages in ${summary.folder}`,
  ];
  for (const item of summary.packages) lines.push(`  ${item.annotatorName}: ${item.documents} documents → ${item.file}`);
  lines.push(`  assignments recorded here: ${summary.assignmentsAdded} new`);
  return `${lines.join('\n')}\n`;
}

/** What opening a package did. */
export function formatPackageOpened(summary: PackageOpened): string {
  const lines = [
    `✓ ${summary.projectCreated ? 'created' : 'updated'} the project “${summary.projectName}”; working as ${summary.annotator.name}${summary.identity === 'adopted' ? ' (from now on)' : ''}`,
    `  documents: ${summary.documentsAdded} added, ${summary.documentsAlreadyHere} already here; ${summary.assigned} assigned to you${summary.schemaUpdated ? '; the label schema was updated' : ''}`,
  ];
  for (const resource of summary.resources) lines.push(`  ${resource.kind}: ${resource.count}`);
  for (const warning of summary.warnings) lines.push(`  ! ${warning}`);
  return `${lines.join('\n')}\n`;
}

/** What writing a bundle did. */
export function formatBundleWritten(summary: BundleWrittenSummary): string {
  return `✓ ${summary.annotator.name}'s work: ${summary.annotations} annotations (${summary.tombstones} deleted), ${summary.statuses} statuses over ${summary.documents} documents → ${summary.file}\n`;
}

/** What a merge did, bundle by bundle; every annotation left out is counted and the first of them named. */
export function formatMergeSummary(summary: MergeSummary): string {
  const lines = [`${summary.totals.bundlesRefused === 0 ? '✓' : '!'} ${summary.totals.bundlesMerged} bundles merged, ${summary.totals.bundlesRefused} refused`];
  for (const report of summary.bundles) {
    if (report.status === 'refused') {
      lines.push(`  ✗ ${report.file}: ${report.error?.message ?? 'refused'}`);
      continue;
    }
    const a = report.annotations;
    lines.push(
      `  ${report.file} (${report.annotator?.name ?? '?'}${report.alreadyMerged ? ', merged before' : ''}): annotations ${a.inserted} new, ${a.updated} updated, ${a.unchanged} unchanged, ${a.superseded} older than here, ${a.leftOut} left out`,
    );
    for (const document of report.leftOutDocuments) {
      lines.push(
        `    ! left out “${document.title}” (${document.documentId}): ${document.reason === 'text_mismatch' ? 'its text differs here' : 'not in this project'}; ${document.annotations} annotations, ${document.statuses} statuses`,
      );
    }
    const conflicts = report.leftOutAnnotations.filter((item) => item.reason === 'identity_conflict');
    for (const item of conflicts.slice(0, 20)) lines.push(`    ! left out annotation ${item.id}: its id names another span here`);
  }
  return `${lines.join('\n')}\n`;
}

/** `awb package write|open`, `awb bundle`, `awb merge`: team work without a server, each as one job with a progress bar. */
export function registerTeam(program: Command): void {
  const pkg = program.command('package').description('assignment packages: write one per annotator (lead), or open one (annotator)');
  pkg
    .command('write')
    .description('give each document to k annotators (balanced, decided by the seed) and write one package file per annotator')
    .requiredOption('--out <dir>', 'an empty or new folder to write the packages into')
    .option('--annotators <list>', 'team members by name or id, comma-separated')
    .option('--add <list>', 'new team members to add first, comma-separated names (they are included)')
    .option('--k <n>', 'annotators per document', '1')
    .option('--seed <n>', 'the assignment seed (the same seed gives the same assignment)', '0')
    .option('--status <list>', "only documents in these statuses (the lead's own), comma-separated")
    .option('--query <text>', 'only documents whose title or source contains this')
    .option('--json', 'print the summary as JSON')
    .action(
      async (
        cli: { out: string; annotators?: string; add?: string; k: string; seed: string; status?: string; query?: string; json?: boolean },
        command: Command,
      ) => {
        const workbench = await openWorkbench(databasePathOf(command));
        try {
          const added = [];
          for (const name of list(cli.add ?? '')) added.push((await workbench.handlers['team.addAnnotator']({ name, role: 'annotator' })).id);
          const annotatorIds = [...list(cli.annotators ?? '').map((name) => annotatorOf(workbench.db, name)), ...added];
          if (annotatorIds.length === 0) throw new WorkbenchError('invalid_input', 'Name the team with --annotators (existing) or --add (new).');
          const statuses = cli.status ? list(cli.status).map((status) => DocumentStatus.parse(status)) : undefined;
          const k = Number(cli.k);
          const seed = Number(cli.seed);
          if (!Number.isInteger(k) || !Number.isInteger(seed) || seed < 0)
            throw new WorkbenchError('invalid_input', '--k and --seed take whole numbers (the seed 0 or more).');
          const summary = await runTeamJob(
            workbench,
            {
              kind: 'packages',
              input: {
                projectId: activeProject(workbench.context).id,
                filter: { ...(statuses ? { statuses } : {}), ...(cli.query ? { query: cli.query } : {}) },
                annotatorIds,
                k,
                seed,
                target: { kind: 'exactly', path: resolve(cli.out) },
              },
            },
            cli.json,
          );
          if (summary?.kind === 'packages')
            process.stdout.write(cli.json ? `${JSON.stringify(summary.summary, null, 2)}\n` : formatPackagesSummary(summary.summary));
        } finally {
          await workbench.shutdown();
        }
      },
    );
  pkg
    .command('open')
    .description('open a package from the lead: creates or updates the project; your queue is then the assigned documents')
    .argument('<file>', 'the .awbpkg file')
    .option('--adopt', 'work as the package’s annotator even though this installation works as someone else')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, cli: { adopt?: boolean; json?: boolean }, command: Command) => {
      const workbench = await openWorkbench(databasePathOf(command));
      try {
        const path = resolve(file);
        const summary = await runTeamJob(
          workbench,
          { kind: 'packageOpen', input: { path: { path, name: file.split(/[\\/]/).at(-1) ?? file }, adoptIdentity: cli.adopt === true } },
          cli.json,
        );
        if (summary?.kind === 'packageOpen')
          process.stdout.write(cli.json ? `${JSON.stringify(summary.summary, null, 2)}\n` : formatPackageOpened(summary.summary));
      } finally {
        await workbench.shutdown();
      }
    });

  program
    .command('bundle')
    .description("write this installation's annotator's work on the active project as one bundle file for the lead")
    .requiredOption('--out <dir>', 'the folder to write the bundle into (made when missing)')
    .option('--json', 'print the summary as JSON')
    .action(async (cli: { out: string; json?: boolean }, command: Command) => {
      const workbench = await openWorkbench(databasePathOf(command));
      try {
        const summary = await runTeamJob(workbench, { kind: 'bundle', input: { folder: resolve(cli.out) } }, cli.json);
        if (summary?.kind === 'bundle') process.stdout.write(cli.json ? `${JSON.stringify(summary.summary, null, 2)}\n` : formatBundleWritten(summary.summary));
      } finally {
        await workbench.shutdown();
      }
    });

  program
    .command('merge')
    .description('merge annotators’ bundle files into this database (a bad bundle is refused whole; the others go on)')
    .argument('<files...>', 'the .awbbundle files')
    .option('--json', 'print the merge report as JSON')
    .action(async (files: string[], cli: { json?: boolean }, command: Command) => {
      const workbench = await openWorkbench(databasePathOf(command));
      try {
        const paths = files.map((file) => ({ path: resolve(file), name: file.split(/[\\/]/).at(-1) ?? file }));
        const summary = await runTeamJob(workbench, { kind: 'merge', input: { paths } }, cli.json);
        if (summary?.kind === 'merge') {
          process.stdout.write(cli.json ? `${JSON.stringify(summary.summary, null, 2)}\n` : formatMergeSummary(summary.summary));
          if (summary.summary.totals.bundlesRefused > 0) process.exitCode = 1;
        }
      } finally {
        await workbench.shutdown();
      }
    });
}
