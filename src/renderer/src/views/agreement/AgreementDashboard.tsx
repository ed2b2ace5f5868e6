import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract/index';
import type { AgreementRunSummary, CountingRule, DrillFocus, Figure } from '../../../../shared/contract/methods/agreement';
import type { JobStatus } from '../../../../shared/contract/methods/jobs';
import { ApiError, call } from '../../lib/api';
import { errorMessage } from '../../lib/errorMessage';
import { useJobPolling } from '../../lib/useJobPolling';
import { LabelBars, PAIR_METRICS, PairHeatMap, type PairMetric } from './AgreementCharts';
import { compareRoute, currentRun } from './useAgreementRoute';

type Documents = MethodOutput<'agreement.documents'>;
type Report = MethodOutput<'agreement.report'>;

const PAGE = 25;
const text = (figure: Figure) => ('value' in figure ? figure.value.toFixed(3) : 'undefined');

/** A headline figure: its value (or "undefined" with the reason), and a click to the documents behind it. */
function FigureCard({ title, figure, detail, onOpen }: { title: string; figure: Figure; detail: string; onOpen: () => void }) {
  return (
    <button type="button" className="awb-figure" onClick={onOpen} title="Show the documents behind this figure">
      <span>{title}</span>
      <strong className={'value' in figure ? '' : 'awb-undefined'}>{text(figure)}</strong>
      <small>{'value' in figure ? detail : figure.reason}</small>
    </button>
  );
}

/**
 * The agreement dashboard: computes agreement as a job (progress and Cancel), then shows the
 * overall figures, per-label bars, an annotator-by-annotator heat map and the documents sorted by
 * disagreement. Every figure is a control that lists the documents behind it; each document opens
 * the compare view.
 */
export function AgreementDashboard() {
  const [runId, setRunId] = useState<string | null>(() => currentRun.get());
  const [jobId, setJobId] = useState<string | null>(null);
  const [running, setRunning] = useState<JobStatus | null>(null);
  const [summary, setSummary] = useState<AgreementRunSummary | null>(null);
  const [focus, setFocus] = useState<DrillFocus>({ measure: 'any' });
  const [documents, setDocuments] = useState<Documents | null>(null);
  const [offset, setOffset] = useState(0);
  const [metric, setMetric] = useState<PairMetric>('tokens');
  const [counting, setCounting] = useState<CountingRule>('done');
  const [tokenizer, setTokenizer] = useState<'project' | 'regex'>('project');
  const [pattern, setPattern] = useState('\\w+|[^\\w\\s]');
  const [report, setReport] = useState<Report | null>(null);
  const [progress, setProgress] = useState<MethodOutput<'adjudication.progress'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const documentsHeading = useRef<HTMLHeadingElement>(null);

  // A kept run from this session: its summary comes from the finished job.
  useEffect(() => {
    if (runId === null || summary) return;
    call('jobs.get', { jobId: runId }).then(
      (job) => {
        if (job.state === 'succeeded' && job.result?.kind === 'agreement') setSummary(job.result.summary);
        else currentRun.set(null);
      },
      () => {
        currentRun.set(null);
        setRunId(null);
      },
    );
  }, [runId, summary]);

  useEffect(() => {
    call('adjudication.progress', {}).then(setProgress, () => undefined);
  }, [summary]);

  const loadDocuments = useCallback(
    (nextFocus: DrillFocus, nextOffset: number) => {
      if (runId === null) return;
      call('agreement.documents', { runId, focus: nextFocus, offset: nextOffset, limit: PAGE }).then(
        (value) => {
          setDocuments(value);
          setOffset(nextOffset);
        },
        (caught: unknown) => {
          if (caught instanceof ApiError && caught.code === 'not_found') {
            currentRun.set(null);
            setRunId(null);
            setSummary(null);
          }
          setError(errorMessage(caught));
        },
      );
    },
    [runId],
  );

  useEffect(() => {
    if (summary) loadDocuments(focus, 0);
  }, [summary, focus, loadDocuments]);

  useJobPolling(jobId, {
    onProgress: setRunning,
    onEnd: (job) => {
      setRunning(null);
      setJobId(null);
      if (job.state === 'succeeded' && job.result?.kind === 'agreement') {
        currentRun.set(job.id);
        setRunId(job.id);
        setFocus({ measure: 'any' });
        setSummary(job.result.summary);
      } else if (job.state === 'failed') setError(job.error?.message ?? 'Agreement failed.');
      else setError(summary ? 'Cancelled: the figures below are from the previous run.' : 'Cancelled.');
    },
    onError: (caught) => setError(errorMessage(caught)),
  });

  const start = async () => {
    setError(null);
    setReport(null);
    try {
      const started = await call('agreement.start', { counting, tokenizer: tokenizer === 'project' ? { kind: 'project' } : { kind: 'regex', pattern } });
      setJobId(started.jobId);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const drill = (next: DrillFocus) => {
    setFocus(next);
    // The list is what the click asked for: move there.
    window.setTimeout(() => documentsHeading.current?.focus(), 0);
  };

  const writeReport = async () => {
    if (!runId) return;
    try {
      setReport(await call('agreement.report', { runId }));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const total = running?.progress.total ?? 0;
  const done = running?.progress.done ?? 0;
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  const name = (id: string) => summary?.annotators.find((annotator) => annotator.id === id)?.name ?? id;

  return (
    <section className="awb-agreement" aria-labelledby="agreement-heading">
      <h1 id="agreement-heading">Agreement</h1>
      <form
        className="awb-agreement-settings"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <label>
          Who counts
          <select value={counting} onChange={(event) => setCounting(event.target.value as CountingRule)}>
            <option value="done">Annotators who marked the document done</option>
            <option value="done-or-annotated">Also unfinished documents with spans</option>
          </select>
        </label>
        <label>
          Tokens
          <select value={tokenizer} onChange={(event) => setTokenizer(event.target.value as 'project' | 'regex')}>
            <option value="project">Project tokenizer</option>
            <option value="regex">A regular expression</option>
          </select>
        </label>
        {tokenizer === 'regex' && (
          <label>
            Pattern (Unicode)
            <input value={pattern} onChange={(event) => setPattern(event.target.value)} spellCheck={false} className="awb-mono" />
          </label>
        )}
        <button type="submit" className="awb-primary" disabled={jobId !== null}>
          {summary ? 'Compute again' : 'Compute agreement'}
        </button>
        {summary && (
          <button type="button" onClick={() => void writeReport()}>
            Write report
          </button>
        )}
      </form>

      {jobId !== null && (
        <div className="awb-agreement-running">
          <progress aria-label="Agreement progress" max={100} value={percent} aria-valuetext={`${percent}%`} />
          <p role="status" className="awb-muted" data-testid="agreement-phase">
            {running?.cancelRequested ? 'Cancelling…' : (running?.phase ?? 'Starting')} · {percent}%
            {total > 0 && ` · ${done.toLocaleString()} of ${total.toLocaleString()} documents`}
          </p>
          <button type="button" onClick={() => void call('jobs.cancel', { jobId }).catch((caught: unknown) => setError(errorMessage(caught)))}>
            Cancel
          </button>
        </div>
      )}
      {error && (
        <p role="alert" className="awb-error">
          {error}
        </p>
      )}
      {report && (
        <p role="status" className="awb-agreement-report">
          Report written to <code>{report.folder}</code>: {report.files.map((file) => file.path).join(', ')}.
        </p>
      )}

      {summary && (
        <>
          <p className="awb-muted" data-testid="agreement-scope">
            {summary.annotators.map((annotator) => annotator.name).join(', ')} · {summary.documents.compared.toLocaleString()} of{' '}
            {summary.documents.total.toLocaleString()} documents compared · {summary.token.tokens.toLocaleString()} tokens
            {summary.documents.excluded.length > 0 && ` · ${summary.documents.excluded.length} left out (text changed)`}
            {progress && progress.total > 0 && ` · adjudicated ${progress.adjudicated} of ${progress.total}`}
          </p>
          {summary.annotatorCounts
            .filter((entry) => entry.unfinishedWithSpans > 0 && summary.counting === 'done')
            .map((entry) => (
              <p key={entry.annotatorId} className="awb-muted">
                {name(entry.annotatorId)} has {entry.unfinishedWithSpans} unfinished documents with spans, not counted (choose “Also unfinished documents”).
              </p>
            ))}
          <div className="awb-figures">
            <FigureCard
              title="Krippendorff's α"
              figure={summary.token.alpha}
              detail={`${summary.token.pairableValues.toLocaleString()} pairable token labels`}
              onOpen={() => drill({ measure: 'tokens' })}
            />
            <FigureCard
              title="Fleiss' κ"
              figure={summary.token.fleiss.kappa}
              detail={`${summary.token.fleiss.documents} documents all annotators count for`}
              onOpen={() => drill({ measure: 'tokens' })}
            />
            <FigureCard
              title="Observed agreement"
              figure={summary.token.observedAgreement}
              detail="agreeing token label pairs"
              onOpen={() => drill({ measure: 'tokens' })}
            />
            <FigureCard
              title="Span F1, exact"
              figure={summary.span.exact.f1}
              detail={`${summary.span.exact.matched} matched of ${summary.span.exact.spans} spans`}
              onOpen={() => drill({ measure: 'exact' })}
            />
            <FigureCard
              title="Span F1, overlap"
              figure={summary.span.overlap.f1}
              detail={`${summary.span.overlap.matched} matched of ${summary.span.overlap.spans} spans`}
              onOpen={() => drill({ measure: 'overlap' })}
            />
          </div>
          <div className="awb-agreement-charts">
            <section aria-labelledby="per-label-heading">
              <h2 id="per-label-heading">Per label</h2>
              <LabelBars summary={summary} onPick={(label, series) => drill({ measure: series === 'presence' ? 'tokens' : series, label })} />
            </section>
            <section aria-labelledby="pairs-heading">
              <h2 id="pairs-heading">Annotator pairs</h2>
              <label className="awb-inline awb-heat-choice">
                Show{' '}
                <select value={metric} onChange={(event) => setMetric(event.target.value as PairMetric)}>
                  {PAIR_METRICS.map((entry) => (
                    <option key={entry.key} value={entry.key}>
                      {entry.name}
                    </option>
                  ))}
                </select>
              </label>
              <PairHeatMap summary={summary} metric={metric} onPick={(a, b) => drill({ measure: metric, a, b })} />
            </section>
          </div>
          <section aria-labelledby="documents-heading">
            <h2 id="documents-heading" ref={documentsHeading} tabIndex={-1}>
              Documents by disagreement{documents && `: ${documents.description}`}
            </h2>
            {focus.measure !== 'any' || focus.label || focus.a ? (
              <button type="button" onClick={() => drill({ measure: 'any' })}>
                Show all disagreements
              </button>
            ) : null}
            {documents && (
              <>
                <p className="awb-muted" data-testid="drill-total">
                  {documents.total.toLocaleString()} documents behind this figure
                </p>
                <table className="awb-agreement-table">
                  <thead>
                    <tr>
                      <th scope="col">Document</th>
                      <th scope="col">Disagreement</th>
                      <th scope="col">α</th>
                      <th scope="col">Exact F1</th>
                      <th scope="col">Annotators</th>
                    </tr>
                  </thead>
                  <tbody>
                    {documents.rows.map((row) => (
                      <tr key={row.documentId}>
                        <td dir="auto">
                          <a href={compareRoute(row.documentId)}>{row.title}</a>
                        </td>
                        <td className="awb-num">{row.disagreement}</td>
                        <td className="awb-num">{text(row.token.alpha)}</td>
                        <td className="awb-num">{text(row.span.exactF1)}</td>
                        <td>
                          {row.annotators
                            .filter((annotator) => annotator.counted)
                            .map((annotator) => name(annotator.annotatorId))
                            .join(', ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <div className="awb-row">
                  <button type="button" disabled={offset === 0} onClick={() => loadDocuments(focus, Math.max(0, offset - PAGE))}>
                    Previous
                  </button>
                  <button type="button" disabled={offset + PAGE >= documents.total} onClick={() => loadDocuments(focus, offset + PAGE)}>
                    Next
                  </button>
                </div>
              </>
            )}
          </section>
        </>
      )}
      {!summary && jobId === null && <p className="awb-muted">Compute agreement to see how far the annotators agree, and where they do not.</p>}
    </section>
  );
}
