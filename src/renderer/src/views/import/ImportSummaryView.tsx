import type { RefObject } from 'react';
import type { ImportIssue } from '../../../../shared/contract/methods/imports';
import type { JobStatus } from '../../../../shared/contract/methods/jobs';

const KIND_TEXT: Record<ImportIssue['kind'], string> = {
  duplicate: 'Duplicate',
  skipped_document: 'Skipped document',
  skipped_span: 'Skipped span',
  dropped_attribute: 'Dropped attribute',
};

export type ImportSummaryProps = {
  job: JobStatus;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onAgain: () => void;
  onRetry: () => void;
  onDocuments: () => void;
};

/** Step 4: what was imported, file by file, and everything skipped with its reason. */
export function ImportSummaryView({ job, headingRef, onAgain, onRetry, onDocuments }: ImportSummaryProps) {
  const summary = job.result?.summary;
  const title =
    job.state === 'cancelled'
      ? 'Import cancelled'
      : job.state === 'failed'
        ? 'Import failed'
        : summary && summary.totals.filesFailed > 0
          ? 'Imported with errors'
          : 'Import complete';
  return (
    <>
      <h1 id="import-heading" ref={headingRef} tabIndex={-1}>
        {title}
      </h1>
      {job.state === 'cancelled' && <p role="status">Nothing was written: the database is exactly as it was before the import.</p>}
      {job.state === 'failed' && (
        <p role="alert" className="awb-error">
          {job.error?.message} Nothing was written.
        </p>
      )}
      {summary && (
        <>
          <dl className="awb-import-totals" aria-label="Totals">
            <div>
              <dt>Documents imported</dt>
              <dd>{summary.totals.documentsImported.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Spans imported</dt>
              <dd>{summary.totals.spansImported.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Duplicates</dt>
              <dd>{summary.totals.duplicates.toLocaleString()}</dd>
            </div>
            <div>
              <dt>Skipped</dt>
              <dd>
                {summary.totals.documentsSkipped.toLocaleString()} documents, {summary.totals.spansSkipped.toLocaleString()} spans
              </dd>
            </div>
          </dl>
          <table className="awb-import-preview" aria-label="Files">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Result</th>
                <th scope="col">Documents</th>
                <th scope="col">Duplicates</th>
                <th scope="col">Spans</th>
              </tr>
            </thead>
            <tbody>
              {summary.files.map((file) => (
                <tr key={file.name} className={file.status === 'failed' ? 'is-failed' : ''}>
                  <td>{file.name}</td>
                  <td>{file.status === 'failed' ? <span className="awb-error">Not imported: {file.error?.message}</span> : 'Imported'}</td>
                  <td className="awb-num">{file.documentsImported.toLocaleString()}</td>
                  <td className="awb-num">{file.duplicates.toLocaleString()}</td>
                  <td className="awb-num">
                    {file.spansImported.toLocaleString()}
                    {file.spansSkipped > 0 && <span className="awb-muted"> ({file.spansSkipped} skipped)</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {summary.annotators.length > 0 && (
            <p className="awb-muted">Annotators: {summary.annotators.map((annotator) => `${annotator.name}${annotator.created ? ' (new)' : ''}`).join(', ')}</p>
          )}
          {summary.issues.length > 0 && (
            <details className="awb-import-issues" open={summary.issues.length <= 10}>
              <summary>{summary.issues.length + summary.issuesOmitted} things to know (skipped, duplicates)</summary>
              <ul>
                {summary.issues.map((issue, index) => (
                  <li key={index}>
                    <strong>{KIND_TEXT[issue.kind]}</strong> · {issue.file}: {issue.message}
                  </li>
                ))}
                {summary.issuesOmitted > 0 && <li>… and {summary.issuesOmitted} more.</li>}
              </ul>
            </details>
          )}
        </>
      )}
      <div className="awb-row awb-import-actions">
        {job.state === 'succeeded' && summary && summary.totals.documentsImported + summary.totals.duplicates > 0 && (
          <button type="button" className="awb-primary" onClick={onDocuments}>
            Go to the documents
          </button>
        )}
        {job.state !== 'succeeded' && (
          <button type="button" onClick={onRetry}>
            Back to the mapping
          </button>
        )}
        <button type="button" onClick={onAgain}>
          Import more files
        </button>
      </div>
    </>
  );
}
