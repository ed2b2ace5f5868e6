import { useEffect, useRef } from 'react';
import type { JobStatus } from '../../../shared/contract/methods/jobs';
import { call } from './api';

/** How often a running job is asked for its progress. */
export const JOB_POLL_MS = 200;

export type JobPollingHandlers = {
  /** Each status while the job runs. */
  onProgress: (job: JobStatus) => void;
  /** Once, with the final status (succeeded, failed or cancelled). */
  onEnd: (job: JobStatus) => void;
  /** When asking for the status fails (the host is gone, the job unknown). */
  onError: (error: unknown) => void;
};

/**
 * Follows a background job (import, export, bundles…) from start to end by polling `jobs.get`,
 * the same over IPC and HTTP. Polling starts when `jobId` is set and stops when the job ends, the
 * id changes or the component unmounts. The handlers may change between renders.
 */
export function useJobPolling(jobId: string | null, handlers: JobPollingHandlers): void {
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    if (jobId === null) return undefined;
    let stopped = false;
    let timer = 0;
    const poll = async () => {
      try {
        const job = await call('jobs.get', { jobId });
        if (stopped) return;
        if (job.state === 'running') {
          latest.current.onProgress(job);
          timer = window.setTimeout(() => void poll(), JOB_POLL_MS);
        } else {
          latest.current.onEnd(job);
        }
      } catch (caught) {
        if (!stopped) latest.current.onError(caught);
      }
    };
    timer = window.setTimeout(() => void poll(), 0);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [jobId]);
}
