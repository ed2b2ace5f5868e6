import { useEffect, useRef, useState } from 'react';
import type { FileHandle, ImportOptions } from '../../../../shared/contract/methods/imports';
import type { JobStatus } from '../../../../shared/contract/methods/jobs';
import { useJobPolling } from '../../lib/useJobPolling';
import { call, hostKind } from '../../lib/api';
import { handlesForFiles, pickWithDialog } from '../../lib/fileHandles';
import { ImportMapping } from './ImportMapping';
import { ImportProgress } from './ImportProgress';
import { ImportSummaryView } from './ImportSummaryView';
import './import.css';
import { errorMessage } from '../../lib/errorMessage';

type Step =
  | { kind: 'choose' }
  | { kind: 'map'; files: FileHandle[] }
  | { kind: 'run'; files: FileHandle[]; jobId: string }
  | { kind: 'done'; files: FileHandle[]; job: JobStatus };

/**
 * The Import view: choose files (dialog, upload field or drop), map fields with a preview of the
 * first documents, import with a progress bar and cancel, then the summary. Every step is
 * reachable by keyboard; the heading takes focus when the step changes.
 */
export function ImportView({ onImported }: { onImported: () => void }) {
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const [running, setRunning] = useState<JobStatus | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => heading.current?.focus(), [step.kind]);

  const acceptFiles = (files: FileHandle[]) => {
    if (files.length === 0) return;
    setError(null);
    setStep({ kind: 'map', files });
  };

  const fromFiles = async (list: readonly File[]) => {
    if (list.length === 0) return;
    setError(null);
    try {
      acceptFiles(await handlesForFiles(list, (name) => setBusy(`Uploading ${name}…`)));
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  };

  const choose = async (folder: boolean) => {
    try {
      const picked = await pickWithDialog(folder);
      if (picked === null) input.current?.click();
      else acceptFiles(picked);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const start = async (files: FileHandle[], options: ImportOptions) => {
    setError(null);
    try {
      const { jobId } = await call('import.start', { handles: files.map((file) => file.handle), options });
      setStep({ kind: 'run', files, jobId });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  useJobPolling(step.kind === 'run' ? step.jobId : null, {
    onProgress: setRunning,
    onEnd: (job) => {
      if (step.kind !== 'run') return;
      setRunning(null);
      setStep({ kind: 'done', files: step.files, job });
      if (job.state === 'succeeded') onImported();
    },
    onError: (caught) => setError(errorMessage(caught)),
  });

  return (
    <section className="awb-import" aria-labelledby="import-heading">
      <ol className="awb-import-steps" aria-label="Import steps">
        {(['choose', 'map', 'run', 'done'] as const).map((kind, index) => (
          <li key={kind} aria-current={step.kind === kind ? 'step' : undefined} className={step.kind === kind ? 'is-current' : ''}>
            {index + 1}. {{ choose: 'Choose files', map: 'Map fields', run: 'Import', done: 'Summary' }[kind]}
          </li>
        ))}
      </ol>
      {step.kind === 'choose' && (
        <>
          <h1 id="import-heading" ref={heading} tabIndex={-1}>
            Import articles
          </h1>
          <p className="awb-muted">
            Plain text (a file or a folder), JSONL (with doccano, Prodigy/spaCy or this workbench's annotations), CSV/TSV, HTML pages, Label Studio JSON exports
            and brat .txt/.ann pairs. Nothing is written until you start the import, and a cancelled import leaves the database as it was.
          </p>
          <div
            className={`awb-dropzone${dragging ? ' is-dragging' : ''}`}
            data-testid="import-dropzone"
            onDragOver={(event) => {
              event.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={(event) => {
              event.preventDefault();
              setDragging(false);
              void fromFiles([...event.dataTransfer.files]);
            }}
          >
            <p>Drop files here, or</p>
            <div className="awb-row">
              <button type="button" className="awb-primary" onClick={() => void choose(false)}>
                Choose files…
              </button>
              {hostKind() === 'electron' && (
                <button type="button" onClick={() => void choose(true)}>
                  Choose a folder…
                </button>
              )}
            </div>
            <input
              ref={input}
              id="import-file-input"
              className="awb-visually-hidden"
              type="file"
              multiple
              tabIndex={-1}
              aria-label="Files to import"
              onChange={(event) => {
                void fromFiles([...(event.target.files ?? [])]);
                event.target.value = '';
              }}
            />
          </div>
          {busy && (
            <p role="status" className="awb-muted">
              {busy}
            </p>
          )}
        </>
      )}
      {step.kind === 'map' && (
        <ImportMapping
          files={step.files}
          headingRef={heading}
          onBack={() => setStep({ kind: 'choose' })}
          onStart={(options) => void start(step.files, options)}
        />
      )}
      {step.kind === 'run' && (
        <ImportProgress
          headingRef={heading}
          job={running}
          onCancel={() => void call('jobs.cancel', { jobId: step.jobId }).catch((caught: unknown) => setError(errorMessage(caught)))}
        />
      )}
      {step.kind === 'done' && (
        <ImportSummaryView
          headingRef={heading}
          job={step.job}
          onAgain={() => setStep({ kind: 'choose' })}
          onRetry={() => setStep({ kind: 'map', files: step.files })}
          onDocuments={() => {
            window.location.hash = '#/';
          }}
        />
      )}
      {error && (
        <p role="alert" className="awb-error awb-import-error">
          {error}
        </p>
      )}
    </section>
  );
}
