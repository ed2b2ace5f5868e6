import type { MethodOutput } from '../../../shared/contract/index';

export type Progress = MethodOutput<'documents.progress'>;

const SEGMENTS = [
  { key: 'done', text: 'done' },
  { key: 'skipped', text: 'skipped' },
  { key: 'in_progress', text: 'in progress' },
] as const;

/** The corpus at a glance: a bar of done, skipped and in-progress documents, with the counts in words. */
export function ProgressBar({ progress }: { progress: Progress | null }) {
  if (!progress) return <div className="awb-progress" aria-hidden="true" />;
  const finished = progress.done + progress.skipped;
  const percent = (value: number) => (progress.total === 0 ? 0 : (value / progress.total) * 100);
  return (
    <div className="awb-progress">
      <div
        className="awb-progress-bar"
        role="progressbar"
        aria-label="Corpus progress"
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={finished}
        aria-valuetext={`${finished} of ${progress.total} finished`}
      >
        {SEGMENTS.map((segment) => (
          // Widths go through the DOM style object (allowed by the CSP, unlike style attributes).
          <span key={segment.key} className={`awb-progress-${segment.key}`} style={{ width: `${percent(progress[segment.key])}%` }} />
        ))}
      </div>
      <p className="awb-muted" data-testid="progress-text">
        {progress.done.toLocaleString()} of {progress.total.toLocaleString()} done
        {SEGMENTS.slice(1)
          .filter((segment) => progress[segment.key] > 0)
          .map((segment) => ` · ${progress[segment.key].toLocaleString()} ${segment.text}`)
          .join('')}
      </p>
    </div>
  );
}
