import { mkdirSync } from 'node:fs';
import { resolveSettings } from '../agreement/computeAgreement';
import { describeFocus, drillDown } from '../agreement/drillDown';
import { writeReport } from '../agreement/report/writeReport';
import { prepareSettings } from '../agreement/settings';
import { WorkbenchError } from '../errors';
import { adjudicationProgress } from '../store/adjudication';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';
import type { HostServices } from './importHandlers';
import { activeProject, requireProject } from './session';

/**
 * Agreement between annotators as a job: `agreement.start` checks the request here (unknown
 * labels or annotators, a bad token pattern are refused at once, not as a failed job) and runs the
 * computation in a worker thread; the finished run is kept by the host (`AgreementRuns`) so the
 * dashboard can page through the documents behind any figure and write a report from it.
 */
export function agreementHandlers(ctx: ServiceContext, host: HostServices): Pick<Handlers, 'agreement.start' | 'agreement.documents' | 'agreement.report'> {
  return {
    'agreement.start': ({ projectId, ...rest }) => {
      const project = projectId ? requireProject(ctx, projectId) : activeProject(ctx);
      const request = { projectId: project.id, ...rest };
      // The same checks the worker makes, answered now with the field named.
      const settings = resolveSettings(ctx.db, request);
      prepareSettings(settings);
      if (settings.annotators.length < 2) {
        throw new WorkbenchError(
          'invalid_input',
          settings.annotators.length === 0
            ? 'No annotator has finished a document yet: agreement needs at least two annotators who marked documents done (or choose "done or annotated").'
            : `Only ${settings.annotators[0]?.name ?? 'one annotator'} counts so far: agreement needs at least two annotators.`,
          { field: 'annotators' },
        );
      }
      const status = host.jobs.start({ kind: 'agreement', input: request });
      return { jobId: status.id };
    },

    'agreement.documents': ({ runId, focus, offset, limit }) => {
      const run = host.agreementRuns.get(runId);
      const rows = drillDown(run.summary.perDocument, focus);
      const names = new Map(run.summary.annotators.map((annotator) => [annotator.id, annotator.name]));
      return {
        total: rows.length,
        description: describeFocus(focus, (id) => names.get(id) ?? id),
        rows: rows.slice(offset, offset + limit),
      };
    },

    'agreement.report': ({ runId, folder }) => {
      const run = host.agreementRuns.get(runId);
      const project = requireProject(ctx, run.projectId);
      let parent = host.exportsDir;
      if (folder) {
        if (host.files.kindOf(folder) !== 'folder') throw new WorkbenchError('invalid_input', 'Choose a folder to write the report into (not a file).');
        parent = host.files.resolve(folder).path;
      } else mkdirSync(parent, { recursive: true });
      const written = writeReport(
        { projectName: project.name, createdAt: ctx.now(), summary: run.summary, adjudication: adjudicationProgress(ctx.db, project.id) },
        { kind: 'inside', parent },
      );
      return { folder: written.folder, files: written.files.map((file) => ({ path: file.path, bytes: file.bytes, sha256: file.sha256 })) };
    },
  };
}
