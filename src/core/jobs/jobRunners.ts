import type { JobResult } from '../../shared/contract/methods/jobs';
import { runAgreement } from '../agreement/agreementRuns';
import { runExport } from '../export/runExport';
import { runImport, type JobControl } from '../import/runImport';
import type { ServiceContext } from '../services/context';
import { runMerge } from '../team/mergeBundles';
import { openPackage } from '../team/openPackage';
import { writeBundle } from '../team/writeBundle';
import { writePackages } from '../team/writePackages';
import { runGazetteerImport } from '../suggestions/runGazetteerImport';
import { runSuggest } from '../suggestions/runSuggest';
import type { JobRequest } from './jobTypes';

/**
 * Runs a job of any kind on a connection of its own. Export and bundle jobs add their kind here
 * (and to JobResult in the contract); the manager, worker and contract methods stay as they are.
 */
export async function runJob(ctx: ServiceContext, request: JobRequest, control: JobControl): Promise<JobResult> {
  switch (request.kind) {
    case 'import':
      return { kind: 'import', summary: await runImport(ctx, request.input, control) };
    case 'export':
      return { kind: 'export', summary: runExport(ctx, request.input, control) };
    case 'packages':
      return { kind: 'packages', summary: await writePackages(ctx, request.input, control) };
    case 'packageOpen':
      return { kind: 'packageOpen', summary: await openPackage(ctx, request.input, control) };
    case 'bundle':
      return { kind: 'bundle', summary: await writeBundle(ctx, request.input, control) };
    case 'merge':
      return { kind: 'merge', summary: await runMerge(ctx, request.input, control) };
    case 'gazetteer':
      return { kind: 'gazetteer', summary: await runGazetteerImport(ctx, request.input, control) };
    case 'suggest':
      return { kind: 'suggest', summary: runSuggest(ctx, request.input, control) };
    case 'agreement':
      return { kind: 'agreement', projectId: request.input.projectId, summary: runAgreement(ctx.db, request.input, control) };
  }
}
