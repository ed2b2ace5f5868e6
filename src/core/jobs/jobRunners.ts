import type { JobResult } from '../../shared/contract/methods/jobs';
import { runAgreement } from '../agreement/agreementRuns';
import { runExport } from '../export/runExport';
import { runImport, type JobControl } from '../import/runImport';
import type { ServiceContext } from '../services/context';
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
    case 'agreement':
      return { kind: 'agreement', projectId: request.input.projectId, summary: runAgreement(ctx.db, request.input, control) };
  }
}
