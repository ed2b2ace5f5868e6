import type { RefObject } from 'react';
import type { JobStatus } from '../../../../shared/contract/methods/jobs';
import { formatSize } from './ImportMapping';

/** Step 3: the running import's progress bar, what it is doing, and Cancel. */
export function ImportProgress({
  job,
  headingRef,
  onCancel,
}: {
  job: JobStatus | null;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onCancel: () => void;
}) {
  const total = job?.progress.total ?? 0;
  const done = job?.progress.done ?? 0;
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  return (
    <>
      <h1 id="import-heading" ref={headingRef} tabIndex={-1}>
        Importing…
      </h1>
      <progress className="awb-import-bar" aria-label="Import progress" max={100} value={percent} aria-valuetext={`${percent}%`} />
      <p role="status" className="awb-muted" data-testid="import-phase">
        {job?.cancelRequested ? 'Cancelling: rolling back everything this import wrote…' : (job?.phase ?? 'Starting')} · {percent}%
        {total > 0 && ` · ${formatSize(done)} of ${formatSize(total)}`}
      </p>
      <p className="awb-muted">
        You can keep reading documents meanwhile; the new ones appear when the import has finished. Cancel leaves the database exactly as it was.
      </p>
      <div className="awb-row awb-import-actions">
        <button type="button" onClick={onCancel} disabled={job?.cancelRequested === true}>
          Cancel import
        </button>
      </div>
    </>
  );
}
