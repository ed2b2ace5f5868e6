import { useCallback, useEffect, useRef, useState } from 'react';
import type { GazetteerInfo } from '../../../../shared/contract/methods/gazetteers';
import type { JobStatus } from '../../../../shared/contract/methods/jobs';
import type { SourceReport } from '../../../../shared/contract/methods/suggestions';
import { call } from '../../lib/api';
import { errorMessage } from '../../lib/errorMessage';
import { handlesForFiles, pickWithDialog } from '../../lib/fileHandles';
import { useJobPolling } from '../../lib/useJobPolling';
import { SourceReportChart, sourceLabel } from './SourceReportChart';
import './suggestions.css';

/** A job this view follows: a gazetteer import or a suggestion run. */
type Running = { jobId: string; what: string };

function percentOf(job: JobStatus | null): number {
  const total = job?.progress.total ?? 0;
  return total > 0 ? Math.min(100, Math.round(((job?.progress.done ?? 0) / total) * 100)) : 0;
}

/**
 * The project's suggestion sources: import a gazetteer (CSV or JSONL) with progress, remove one,
 * run every source over all documents (progress and cancel), and the per-source report.
 */
export function SuggestionsView() {
  const [gazetteers, setGazetteers] = useState<GazetteerInfo[] | null>(null);
  const [report, setReport] = useState<SourceReport[]>([]);
  const [running, setRunning] = useState<Running | null>(null);
  const [job, setJob] = useState<JobStatus | null>(null);
  const [notice, setNotice] = useState<{ text: string; error: boolean } | null>(null);
  const [name, setName] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const reload = useCallback(() => {
    Promise.all([call('gazetteers.list', {}), call('suggestions.report', {})]).then(
      ([lists, figures]) => {
        setGazetteers(lists);
        setReport(figures.sources);
      },
      (caught: unknown) => setNotice({ text: errorMessage(caught), error: true }),
    );
  }, []);

  useEffect(() => {
    reload();
    headingRef.current?.focus();
  }, [reload]);

  useJobPolling(running?.jobId ?? null, {
    onProgress: setJob,
    onEnd: (finished) => {
      setJob(null);
      setRunning(null);
      if (finished.state === 'succeeded' && finished.result?.kind === 'gazetteer') {
        const { gazetteer, replaced, duplicates } = finished.result.summary;
        setNotice({
          text: `${replaced ? 'Replaced' : 'Imported'} gazetteer “${gazetteer.name}”: ${gazetteer.entryCount} entries${duplicates > 0 ? ` (${duplicates} exact duplicates dropped)` : ''}.`,
          error: false,
        });
      } else if (finished.state === 'succeeded' && finished.result?.kind === 'suggest') {
        const { documents, suggestions } = finished.result.summary;
        setNotice({ text: `Wrote ${suggestions} suggestions for ${documents} documents.`, error: false });
      } else if (finished.state === 'cancelled') {
        setNotice({ text: 'Cancelled.', error: false });
      } else {
        setNotice({ text: finished.error?.message ?? 'The job failed.', error: true });
      }
      reload();
    },
    onError: (caught) => {
      setRunning(null);
      setNotice({ text: errorMessage(caught), error: true });
    },
  });

  const importFiles = async (files: readonly File[]) => {
    const file = files[0];
    if (!file) return;
    setNotice(null);
    try {
      const [handle] = await handlesForFiles([file]);
      if (handle) await startImport(handle.handle, file.name);
    } catch (caught) {
      setNotice({ text: errorMessage(caught), error: true });
    }
  };

  const startImport = async (handle: string, fileName: string) => {
    const trimmed = name.trim();
    const { jobId } = await call('gazetteers.import', { handle, ...(trimmed ? { name: trimmed } : {}) });
    setRunning({ jobId, what: `Importing ${fileName}` });
  };

  const chooseFile = async () => {
    setNotice(null);
    try {
      const picked = await pickWithDialog(false);
      if (picked === null) {
        input.current?.click();
        return;
      }
      const first = picked[0];
      if (first) await startImport(first.handle, first.name);
    } catch (caught) {
      setNotice({ text: errorMessage(caught), error: true });
    }
  };

  const runAll = async () => {
    setNotice(null);
    try {
      const { jobId } = await call('suggestions.start', {});
      setRunning({ jobId, what: 'Suggesting for every document' });
    } catch (caught) {
      setNotice({ text: errorMessage(caught), error: true });
    }
  };

  const remove = async (gazetteer: GazetteerInfo) => {
    try {
      const result = await call('gazetteers.remove', { id: gazetteer.id });
      setNotice({ text: `Removed “${gazetteer.name}” and ${result.suggestionsRemoved} of its suggestions (accepted spans stay).`, error: false });
      reload();
    } catch (caught) {
      setNotice({ text: errorMessage(caught), error: true });
    }
  };

  const percent = percentOf(job);
  return (
    <section className="awb-suggestions-view" aria-labelledby="suggestions-heading">
      <h1 id="suggestions-heading" ref={headingRef} tabIndex={-1}>
        Suggestions
      </h1>
      <p className="awb-muted">
        Suggestions come from spans already labelled (propagation), from number phrases near casualty words, and from the gazetteers below. They are drawn
        dashed in the editor and become spans only when an annotator accepts them.
      </p>

      <h2>Gazetteers</h2>
      <div className="awb-row">
        <label htmlFor="gazetteer-name">Name (optional)</label>
        <input id="gazetteer-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="the file name" maxLength={100} />
        <button type="button" className="awb-primary" onClick={() => void chooseFile()} disabled={running !== null}>
          Import a gazetteer (CSV or JSONL)…
        </button>
        <input
          ref={input}
          id="gazetteer-file-input"
          className="awb-visually-hidden"
          type="file"
          accept=".csv,.tsv,.jsonl,.ndjson"
          aria-label="Gazetteer file"
          onChange={(event) => {
            void importFiles([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
      </div>
      {gazetteers === null ? (
        <p className="awb-muted">Loading…</p>
      ) : gazetteers.length === 0 ? (
        <p className="awb-muted">No gazetteer yet. The file format is in docs/formats.md (surface, label, variants, match, attributes).</p>
      ) : (
        <table className="awb-gazetteer-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Entries</th>
              <th scope="col">Per label</th>
              <th scope="col">From</th>
              <th scope="col">
                <span className="awb-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {gazetteers.map((gazetteer) => (
              <tr key={gazetteer.id}>
                <th scope="row" dir="auto">
                  {gazetteer.name}
                </th>
                <td>{gazetteer.entryCount.toLocaleString()}</td>
                <td>
                  {Object.entries(gazetteer.entriesPerLabel)
                    .map(([label, count]) => `${label} ${count}`)
                    .join(', ')}
                </td>
                <td dir="auto">{gazetteer.fileName ?? '—'}</td>
                <td>
                  <button type="button" onClick={() => void remove(gazetteer)} disabled={running !== null}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>Pre-annotate</h2>
      <div className="awb-row">
        <button type="button" onClick={() => void runAll()} disabled={running !== null}>
          Suggest for every document
        </button>
        <span className="awb-muted">The editor also works out suggestions for each document it opens.</span>
      </div>

      {running && (
        <div className="awb-suggestions-progress">
          <progress aria-label={running.what} max={100} value={percent} aria-valuetext={`${percent}%`} />
          <p role="status" className="awb-muted" data-testid="suggestions-phase">
            {running.what}: {job?.cancelRequested ? 'cancelling…' : (job?.phase ?? 'starting')} · {percent}%
          </p>
          <button
            type="button"
            onClick={() => void call('jobs.cancel', { jobId: running.jobId }).catch(() => undefined)}
            disabled={job?.cancelRequested === true}
          >
            Cancel
          </button>
        </div>
      )}
      {notice && (
        <p role={notice.error ? 'alert' : 'status'} className={notice.error ? 'awb-error' : 'awb-message'} data-testid="suggestions-notice">
          {notice.text}
        </p>
      )}

      <h2>Which sources help</h2>
      <SourceReportChart rows={report} />
      {report.length > 0 && (
        <p className="awb-muted">
          Sources: {report.map((row) => sourceLabel(row.source)).join(', ')}. “Kept” counts suggestions accepted and still present (edited or not) among those
          answered.
        </p>
      )}
    </section>
  );
}
