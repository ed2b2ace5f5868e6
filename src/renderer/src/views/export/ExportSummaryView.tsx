import type { RefObject } from 'react';
import type { JobStatus } from '../../../../shared/contract/methods/jobs';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What an export wrote: where, how much per label (a bar chart) and split, what it dropped, the files. */
export function ExportSummaryView({ job, headingRef, onAgain }: { job: JobStatus; headingRef: RefObject<HTMLHeadingElement | null>; onAgain: () => void }) {
  const summary = job.result?.kind === 'export' ? job.result.summary : undefined;
  const title = job.state === 'cancelled' ? 'Export cancelled' : job.state === 'failed' ? 'Export failed' : 'Export complete';
  const labels = summary ? Object.entries(summary.spansPerLabel) : [];
  const most = Math.max(1, ...labels.map(([, count]) => count));
  const splits = summary ? Object.entries(summary.documentsPerSplit).filter(([split]) => split !== 'all') : [];
  return (
    <>
      <h1 id="export-heading" ref={headingRef} tabIndex={-1}>
        {title}
      </h1>
      {job.state === 'cancelled' && <p role="status">The files it had written were removed.</p>}
      {job.state === 'failed' && (
        <p role="alert" className="awb-error">
          {job.error?.message}
        </p>
      )}
      {summary && (
        <>
          <p>
            Written to <code data-testid="export-folder">{summary.folder}</code>
          </p>
          <dl className="awb-export-totals" aria-label="Totals">
            <div>
              <dt>Documents</dt>
              <dd>{summary.documents.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Records</dt>
              <dd>{summary.records.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Spans</dt>
              <dd>{summary.spans.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Spans checked</dt>
              <dd>{summary.spansVerified.toLocaleString()}</dd>
            </div>
          </dl>
          <h2>Spans per label</h2>
          <ul className="awb-export-bars" aria-label="Spans per label">
            {labels.map(([label, count], index) => (
              <li key={label}>
                <span className="awb-export-bar-label">{label}</span>
                <span className="awb-export-bar-track" aria-hidden="true">
                  <span className={`awb-export-bar-fill awb-label-${index}`} style={{ width: `${(count / most) * 100}%` }} />
                </span>
                <span className="awb-export-bar-count">{count.toLocaleString()}</span>
              </li>
            ))}
          </ul>
          {splits.length > 0 && <p>Documents per split: {splits.map(([split, count]) => `${split} ${count.toLocaleString()}`).join(' · ')}</p>}
          {(summary.documentsSkipped.byStatus > 0 || summary.documentsSkipped.byDate > 0 || summary.spansNotChosen > 0) && (
            <p className="awb-muted">
              Left out by your choices: {summary.documentsSkipped.byStatus.toLocaleString()} documents by status,{' '}
              {summary.documentsSkipped.byDate.toLocaleString()} by date, {summary.spansNotChosen.toLocaleString()} spans by label.
            </p>
          )}
          <h2>What the format could not hold</h2>
          {summary.lossiness.length === 0 ? (
            <p>Nothing was dropped.</p>
          ) : (
            <ul className="awb-export-loss" aria-label="Dropped">
              {summary.lossiness.map((entry) => (
                <li key={entry.kind}>
                  <strong>
                    {entry.count.toLocaleString()} × {entry.kind.replace(/_/g, ' ')}
                  </strong>
                  : {entry.reason}
                  {entry.examples[0] && (
                    <span className="awb-muted">
                      {' '}
                      (for example “{entry.examples[0].text}”, {entry.examples[0].label})
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
          {summary.majorityTies > 0 && (
            <p>{summary.majorityTies.toLocaleString()} spans were ties in the majority vote and were left out (the manifest lists them).</p>
          )}
          {summary.warnings.map((warning) => (
            <p key={warning} className="awb-muted">
              Note: {warning}
            </p>
          ))}
          <table className="awb-export-files" aria-label="Files">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Documents</th>
                <th scope="col">Spans</th>
                <th scope="col">Size</th>
              </tr>
            </thead>
            <tbody>
              {summary.files.slice(0, 50).map((file) => (
                <tr key={file.path}>
                  <td>
                    <code>{file.path}</code>
                  </td>
                  <td>{file.documents.toLocaleString()}</td>
                  <td>{file.spans.toLocaleString()}</td>
                  <td>{size(file.bytes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {summary.files.length + summary.filesOmitted > 50 && (
            <p className="awb-muted">… and {(summary.files.length + summary.filesOmitted - 50).toLocaleString()} more files; manifest.json lists them all.</p>
          )}
        </>
      )}
      <div className="awb-row awb-export-actions">
        <button type="button" className="awb-primary" onClick={onAgain}>
          {job.state === 'succeeded' ? 'Export again' : 'Back to the choices'}
        </button>
      </div>
    </>
  );
}
