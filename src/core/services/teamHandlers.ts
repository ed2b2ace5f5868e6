import { mkdirSync } from 'node:fs';
import { WorkbenchError } from '../errors';
import { allAnnotators } from '../store/exportReads';
import { insertAnnotator } from '../store/annotators';
import { teamProgress } from '../store/assignments';
import { latestBundlesByAnnotator } from '../store/bundleImports';
import { countDocuments } from '../store/documents';
import { inspectPackage } from '../team/openPackage';
import type { BundleReport } from '../../shared/contract/methods/team';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';
import type { HostServices } from './importHandlers';
import { activeProject, localAnnotatorId, requireProject } from './session';

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
      const parent = folderOf(folder);
      const status = host.jobs.start({ kind: 'packages', input: { projectId, filter, annotatorIds, k, seed, target: { kind: 'inside', parent } } });
      return { jobId: status.id };
    },
    'packages.inspect': ({ handle }) => inspectPackage(ctx, host.files.resolve(handle)),
    'packages.open': ({ handle, adoptIdentity }) => {
      const status = host.jobs.start({ kind: 'packageOpen', input: { path: host.files.resolve(handle), adoptIdentity } });
      return { jobId: status.id };
    },
    'bundles.start': ({ projectId, folder }) => {
      const status = host.jobs.start({ kind: 'bundle', input: { projectId, folder: folderOf(folder) } });
      return { jobId: status.id };
    },
    'bundles.merge': ({ handles }) => {
      const status = host.jobs.start({ kind: 'merge', input: { paths: handles.map((handle) => host.files.resolve(handle)) } });
      return { jobId: status.id };
    },
  };
}
