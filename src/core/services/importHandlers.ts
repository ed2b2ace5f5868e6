import type { AgreementRuns } from '../agreement/agreementRuns';
import type { FileHandleRegistry } from '../files/fileHandles';
import { previewImport } from '../import/previewImport';
import type { JobManager } from '../jobs/jobManager';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';

/** What the import and job methods need from the host besides the database. */
export type HostServices = {
  files: FileHandleRegistry;
  jobs: JobManager;
  /** Where exports go when no folder is chosen. */
  exportsDir: string;
  /** Finished agreement runs kept for drill-down and reports. */
  agreementRuns: AgreementRuns;
};

/** File choice, import preview and import start. */
export function importHandlers(ctx: ServiceContext, host: HostServices): Pick<Handlers, 'files.pick' | 'import.preview' | 'import.start'> {
  const resolve = (handles: string[]) => handles.map((handle) => host.files.resolve(handle));
  return {
    'files.pick': async ({ folder, purpose }) => ({ files: await host.files.pick(purpose === 'export' ? true : folder, purpose) }),
    'import.preview': ({ handles, options }) => previewImport(ctx, resolve(handles), options),
    'import.start': ({ handles, options }) => {
      const status = host.jobs.start({ kind: 'import', input: { paths: resolve(handles), options } });
      // Uploaded copies are deleted once they are imported; after a failure they stay for a retry.
      void host.jobs.wait(status.id).then((finished) => {
        if (finished.state === 'succeeded') host.files.release(handles.filter((handle) => host.files.isTemporary(handle)));
      });
      return { jobId: status.id };
    },
  };
}

/** Polling, cancelling and listing background jobs of any kind. */
export function jobHandlers(host: HostServices): Pick<Handlers, 'jobs.get' | 'jobs.cancel' | 'jobs.list'> {
  return {
    'jobs.get': ({ jobId }) => host.jobs.get(jobId),
    'jobs.cancel': ({ jobId }) => host.jobs.cancel(jobId),
    'jobs.list': () => host.jobs.list(),
  };
}
