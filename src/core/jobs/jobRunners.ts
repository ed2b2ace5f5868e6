import type { JobResult } from '../../shared/contract/methods/jobs';
import type { JobControl } from '../import/runImport';
import type { ServiceContext } from '../services/context';
import type { JobRequest } from './jobTypes';

/** How a job's worker starts helper threads of its own (agreement shares documents between threads). */
export type HelperThreads = { nativeBinding?: string | undefined; workerScript?: string | undefined };

/**
 * Runs a job of any kind on a connection of its own. Export and bundle jobs add their kind here
 * (and to JobResult in the contract); the manager, worker and contract methods stay as they are.
 */
export async function runJob(ctx: ServiceContext, request: JobRequest, control: JobControl, threads: HelperThreads = {}): Promise<JobResult> {
  // Each kind's runner is loaded when a job of that kind starts: a worker runs one job, so it
  // loads only that job's code (and starts sooner; from source, tsx compiles only that).
  switch (request.kind) {
    case 'import': {
      const { runImport } = await import('../import/runImport');
      return { kind: 'import', summary: await runImport(ctx, request.input, control) };
    }
    case 'export': {
      const { runExport } = await import('../export/runExport');
      return { kind: 'export', summary: runExport(ctx, request.input, control) };
    }
    case 'packages': {
      const { writePackages } = await import('../team/writePackages');
      return { kind: 'packages', summary: await writePackages(ctx, request.input, control) };
    }
    case 'packageOpen': {
      const { openPackage } = await import('../team/openPackage');
      return { kind: 'packageOpen', summary: await openPackage(ctx, request.input, control) };
    }
    case 'bundle': {
      const { writeBundle } = await import('../team/writeBundle');
      return { kind: 'bundle', summary: await writeBundle(ctx, request.input, control) };
    }
    case 'merge': {
      const { runMerge } = await import('../team/mergeBundles');
      return { kind: 'merge', summary: await runMerge(ctx, request.input, control) };
    }
    case 'gazetteer': {
      const { runGazetteerImport } = await import('../suggestions/runGazetteerImport');
      return { kind: 'gazetteer', summary: await runGazetteerImport(ctx, request.input, control) };
    }
    case 'suggest': {
      const { runSuggest } = await import('../suggestions/runSuggest');
      return { kind: 'suggest', summary: runSuggest(ctx, request.input, control) };
    }
    case 'agreement': {
      const { runAgreement } = await import('../agreement/agreementRuns');
      return { kind: 'agreement', projectId: request.input.projectId, summary: await runAgreement(ctx.db, request.input, control, threads) };
    }
  }
}
