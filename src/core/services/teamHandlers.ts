import { mkdirSync } from 'node:fs';
import { WorkbenchError } from '../errors';
import { allAnnotators } from '../store/exportReads';
import { getAnnotator, insertAnnotator } from '../store/annotators';
import { teamProgress } from '../store/assignments';
import { latestBundlesByAnnotator } from '../store/bundleImports';
import { countDocuments } from '../store/documents';
import { inspectPackage } from '../team/openPackage';
import type { BundleReport } from '../../shared/contract/methods/team';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';
import type { HostServices } from './importHandlers';
import { activeProject, localAnnotatorId, requireLocalAnnotatorId, requireProject } from './session';

const TEAM_JOB_KINDS = new Set(['packages', 'packageOpen', 'bundle', 'merge']);

type TeamMethods = 'team.overview' | 'team.addAnnotator' | 'packages.start' | 'packages.inspect' | 'packages.open' | 'bundles.start' | 'bundles.merge';

/** The Team view: the team's progress, adding members, and the package, bundle and merge jobs. */
export function teamHandlers(ctx: ServiceContext, host: HostServices): Pick<Handlers, TeamMethods> {
  /** A chosen folder handle, or the host's exports folder when none was chosen. */
  const folderOf = (handle: string | undefined): string => {
    if (!handle) {
      mkdirSync(host.exportsDir, { recursive: true });
      return host.exportsDir;
    }
    if (host.files.kindOf(handle) !== 'folder') throw new WorkbenchError('invalid_input', 'Choose a folder to write into (not a file).');
    return host.files.resolve(handle).path;
  };
  /**
   * One team job at a time per host: two merges (or a merge and a package being opened) would
   * only wait for each other's write lock, and a second click should not start a second bundle.
   */
  const noTeamJobRunning = () => {
    if (host.jobs.list().some((job) => job.state === 'running' && TEAM_JOB_KINDS.has(job.kind))) {
      throw new WorkbenchError('busy', 'Another package, bundle or merge is still running; wait for it to finish (or cancel it) first.');
    }
  };
  return {
    'team.overview': ({ projectId }) =>
      ctx.db.transaction(() => {
        const project = projectId ? requireProject(ctx, projectId) : activeProject(ctx);
        const progress = teamProgress(ctx.db, project.id);
        const bundles = latestBundlesByAnnotator(ctx.db, project.id);
        const local = localAnnotatorId(ctx);
        const members = allAnnotators(ctx.db).map((annotator) => {
          const row = progress.get(annotator.id);
          const bundle = bundles.get(annotator.id);
          let annotations = 0;
          if (bundle) {
            const report = JSON.parse(bundle.reportJson) as Partial<BundleReport>;
            const counts = report.annotations;
            annotations = counts ? counts.inserted + counts.updated + counts.unchanged + counts.superseded + counts.leftOut : 0;
          }
          return {
            id: annotator.id,
            name: annotator.name,
            role: annotator.role as 'annotator' | 'adjudicator' | 'lead',
            isLocal: annotator.id === local,
            assigned: row?.assigned ?? 0,
            done: row?.done ?? 0,
            inProgress: row?.inProgress ?? 0,
            skipped: row?.skipped ?? 0,
            todo: Math.max(0, (row?.assigned ?? 0) - (row?.assignedWithStatus ?? 0)),
            spans: row?.spans ?? 0,
            lastBundle: bundle
              ? {
                  bundleId: bundle.bundleId,
                  fileName: bundle.fileName,
                  createdAt: bundle.createdAt,
                  importedAt: bundle.lastImportedAt,
                  timesImported: bundle.timesImported,
                  annotations,
                }
              : null,
          };
        });
        return { projectId: project.id, projectName: project.name, documents: countDocuments(ctx.db, project.id), members };
      })(),
    'team.addAnnotator': ({ name, role }) => {
      const annotator = { id: ctx.newId(), name: name.trim(), role, createdAt: ctx.now() };
      insertAnnotator(ctx.db, annotator);
      return { id: annotator.id, name: annotator.name, role: annotator.role };
    },
    'packages.start': ({ projectId, filter, annotatorIds, k, seed, folder }) => {
      // What can be checked at once is checked here, so a mistake is answered before a job starts.
      if (projectId) requireProject(ctx, projectId);
      else activeProject(ctx);
      const team = [...new Set(annotatorIds)];
      for (const id of team) if (!getAnnotator(ctx.db, id)) throw new WorkbenchError('not_found', `No annotator with id ${id}.`);
      if (k > team.length) throw new WorkbenchError('invalid_input', `Each document can go to 1 to ${team.length} annotators (the number chosen); got ${k}.`);
      noTeamJobRunning();
      const parent = folderOf(folder);
      const status = host.jobs.start({ kind: 'packages', input: { projectId, filter, annotatorIds, k, seed, target: { kind: 'inside', parent } } });
      return { jobId: status.id };
    },
    'packages.inspect': ({ handle }) => inspectPackage(ctx, host.files.resolve(handle)),
    'packages.open': ({ handle, adoptIdentity }) => {
      const path = host.files.resolve(handle);
      noTeamJobRunning();
      const status = host.jobs.start({ kind: 'packageOpen', input: { path, adoptIdentity } });
      return { jobId: status.id };
    },
    'bundles.start': ({ projectId, folder }) => {
      requireLocalAnnotatorId(ctx);
      if (projectId) requireProject(ctx, projectId);
      else activeProject(ctx);
      noTeamJobRunning();
      const status = host.jobs.start({ kind: 'bundle', input: { projectId, folder: folderOf(folder) } });
      return { jobId: status.id };
    },
    'bundles.merge': ({ handles }) => {
      const paths = handles.map((handle) => host.files.resolve(handle));
      noTeamJobRunning();
      const status = host.jobs.start({ kind: 'merge', input: { paths } });
      return { jobId: status.id };
    },
  };
}
