import { SingleBar } from 'cli-progress';
import type { JobStatus } from '../shared/contract/methods/jobs';

const POLL_MS = 100;

type Jobs = { get(id: string): JobStatus; cancel(id: string): JobStatus; wait(id: string): Promise<JobStatus> };

/** Polls a job until it ends, drawing a progress bar on a terminal (MB or items); Ctrl+C cancels it. */
export async function followJob(jobs: Jobs, id: string, tty: boolean): Promise<JobStatus> {
  const bar = tty
    ? new SingleBar({ format: '{bar} {percentage}% | {value}/{total} {unit} | {phase}', stream: process.stderr, hideCursor: true, clearOnComplete: true })
    : null;
  const onInterrupt = () => jobs.cancel(id);
  process.once('SIGINT', onInterrupt);
  bar?.start(1, 0, { phase: 'Starting', unit: '' });
  const timer = setInterval(() => {
    const { progress, phase } = jobs.get(id);
    if (progress.unit === 'bytes') {
      const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
      bar?.setTotal(Math.max(mb(progress.total), 0.1));
      bar?.update(mb(progress.done), { phase, unit: 'MB' });
    } else {
      bar?.setTotal(Math.max(progress.total, 1));
      bar?.update(progress.done, { phase, unit: 'documents' });
    }
  }, POLL_MS);
  try {
    return await jobs.wait(id);
  } finally {
    clearInterval(timer);
    bar?.stop();
    process.removeListener('SIGINT', onInterrupt);
  }
}
