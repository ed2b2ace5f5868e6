import { mkdirSync } from 'node:fs';
import { WorkbenchError } from '../errors';
import { annotatorActivity, allAnnotators, countDocumentsInRange } from '../store/exportReads';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';
import type { HostServices } from './importHandlers';
import { activeProject, requireProject } from './session';

/** The Export view's choices, and starting an export job into a chosen or the default folder. */
export function exportHandlers(ctx: ServiceContext, host: HostServices): Pick<Handlers, 'export.choices' | 'export.start'> {
  return {
    'export.choices': ({ projectId }) => {
      const project = projectId ? requireProject(ctx, projectId) : activeProject(ctx);
      const activity = annotatorActivity(ctx.db, project.id);
      const annotators = allAnnotators(ctx.db).map((annotator) => {
        const byStatus: Record<string, number> = {};
        for (const row of activity.statuses) if (row.annotator_id === annotator.id) byStatus[row.status] = row.n;
        const spans = activity.spans.filter((row) => row.annotator_id === annotator.id);
        const own = spans.find((row) => row.layer === 'annotator');
        return {
          id: annotator.id,
          name: annotator.name,
          role: annotator.role,
          documents: own?.documents ?? 0,
          spans: own?.n ?? 0,
          byStatus,
          goldSpans: spans.find((row) => row.layer === 'gold')?.n ?? 0,
        };
      });
      return {
        projectId: project.id,
        labels: project.schema.labels.map((label) => label.name),
        annotators: annotators.filter((annotator) => annotator.spans > 0 || annotator.goldSpans > 0 || Object.keys(annotator.byStatus).length > 0),
        documents: countDocumentsInRange(ctx.db, project.id, { from: null, to: null }),
        goldSpans: annotators.reduce((sum, annotator) => sum + annotator.goldSpans, 0),
        defaultFolder: host.exportsDir,
        canChooseFolder: host.files.canPick,
      };
    },
    'export.start': ({ options, folder }) => {
      let parent = host.exportsDir;
      if (folder) {
        parent = host.files.resolve(folder).path;
        if (host.files.kindOf(folder) !== 'folder') throw new WorkbenchError('invalid_input', 'Choose a folder to export into (not a file).');
      } else mkdirSync(parent, { recursive: true });
      const status = host.jobs.start({ kind: 'export', input: { options, target: { kind: 'inside', parent } } });
      return { jobId: status.id };
    },
  };
}
