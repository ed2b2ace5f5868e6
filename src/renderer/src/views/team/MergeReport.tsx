import type { MergeSummary } from '../../../../shared/contract/methods/team';

/** A merge's report: per bundle what was added, updated, unchanged, older, left out (and why), or why it was refused. */
export function MergeReport({ summary }: { summary: MergeSummary }) {
  return (
    <div role="status" data-testid="team-result">
      <p>
        {summary.totals.bundlesRefused === 0 ? '✓' : '!'} {summary.totals.bundlesMerged} bundles merged, {summary.totals.bundlesRefused} refused.
      </p>
      <table className="awb-team-table" data-testid="merge-report">
        <thead>
          <tr>
            <th scope="col">Bundle</th>
            <th scope="col">Annotator</th>
            <th scope="col" className="num">
              New
            </th>
            <th scope="col" className="num">
              Updated
            </th>
            <th scope="col" className="num">
              Unchanged
            </th>
            <th scope="col" className="num">
              Older than here
            </th>
            <th scope="col" className="num">
              Left out
            </th>
          </tr>
        </thead>
        <tbody>
          {summary.bundles.map((report, index) =>
            report.status === 'refused' ? (
              <tr key={`${report.file}-${index}`}>
                <th scope="row">{report.file}</th>
                <td colSpan={6} className="awb-team-refused">
                  Refused: {report.error?.message}
                </td>
              </tr>
            ) : (
              <tr key={`${report.file}-${index}`}>
                <th scope="row">
                  {report.file}
                  {report.alreadyMerged && <small className="awb-muted"> (merged before)</small>}
                  {report.leftOutDocuments.map((document) => (
                    <small key={document.documentId} className="awb-team-refused">
                      <br />
                      Left out “{document.title}”: {document.reason === 'text_mismatch' ? 'its text differs here' : 'not in this project'} (
                      {document.annotations} annotations)
                    </small>
                  ))}
                </th>
                <td>{report.annotator?.name}</td>
                <td className="num">{report.annotations.inserted}</td>
                <td className="num">{report.annotations.updated}</td>
                <td className="num">{report.annotations.unchanged}</td>
                <td className="num">{report.annotations.superseded}</td>
                <td className="num">{report.annotations.leftOut}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
