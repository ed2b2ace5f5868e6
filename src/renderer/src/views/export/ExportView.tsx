import { useEffect, useRef, useState } from 'react';
import type { ExportChoices, ExportFormat, ExportOptionsInput } from '../../../../shared/contract/methods/exports';
import type { FileHandle } from '../../../../shared/contract/methods/imports';
import type { JobStatus } from '../../../../shared/contract/methods/jobs';
import { useJobPolling } from '../../lib/useJobPolling';
import { call } from '../../lib/api';
import { ExportSummaryView } from './ExportSummaryView';
import './export.css';
import { errorMessage } from '../../lib/errorMessage';

const FORMATS: { value: ExportFormat; name: string; detail: string }[] = [
  { value: 'jsonl', name: 'Canonical JSONL', detail: 'Everything, lossless; import reads it back' },
  { value: 'spacy', name: 'spaCy / Prodigy JSONL', detail: 'Text, tokens, spans with token indices' },
  { value: 'hf', name: 'Hugging Face', detail: 'Token classification: tokens + BIO ids' },
  { value: 'conll', name: 'CoNLL-2003 BIO', detail: 'token<TAB>tag, a blank line per sentence' },
  { value: 'brat', name: 'brat standoff', detail: '.txt + .ann per document, annotation.conf' },
  { value: 'labelstudio', name: 'Label Studio JSON', detail: 'Tasks with annotations, labeling config' },
  { value: 'doccano', name: 'doccano JSONL', detail: 'text + label, UTF-16 offsets' },
];
const ONE_ANNOTATOR_FORMATS = new Set<ExportFormat>(['hf', 'conll', 'brat', 'doccano']);
const STATUSES = [
  { value: 'done', name: 'Done' },
  { value: 'in_progress', name: 'In progress' },
  { value: 'todo', name: 'To do' },
  { value: 'skipped', name: 'Skipped' },
] as const;

type Step = { kind: 'choose' } | { kind: 'run'; jobId: string } | { kind: 'done'; job: JobStatus };

/**
 * The Export view: format, layer, statuses, labels, dates, split and shards, then the folder; a
 * progress bar with Cancel while it runs; then the summary (where, what, what was dropped). Every
 * control is a native form control, so the whole view works from the keyboard.
 */
export function ExportView() {
  const [choices, setChoices] = useState<ExportChoices | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [running, setRunning] = useState<JobStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const [layer, setLayer] = useState('all');
  const [statuses, setStatuses] = useState<string[]>(['done']);
  const [labels, setLabels] = useState<string[]>([]);
  const [dateFrom, setDateFrom] = useState('');
  const [dateTo, setDateTo] = useState('');
  const [splitOn, setSplitOn] = useState(false);
  const [ratios, setRatios] = useState({ train: '0.8', dev: '0.1', test: '0.1', seed: '1' });
  const [shardSize, setShardSize] = useState('');
  const [folder, setFolder] = useState<FileHandle | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), [step.kind]);
  useEffect(() => {
    call('export.choices', {}).then(
      (value) => {
        setChoices(value);
        setLabels(value.labels);
      },
      (caught: unknown) => setError(errorMessage(caught)),
    );
  }, []);

  useJobPolling(step.kind === 'run' ? step.jobId : null, {
    onProgress: setRunning,
    onEnd: (job) => {
      setRunning(null);
      setStep({ kind: 'done', job });
    },
    onError: (caught) => setError(errorMessage(caught)),
  });

  const oneAnnotatorOnly = ONE_ANNOTATOR_FORMATS.has(format);
  const layerInvalid = oneAnnotatorOnly && layer === 'all';

  const start = async () => {
    setError(null);
    const options: ExportOptionsInput = {
      format,
      layer: layer.startsWith('annotator:')
        ? { kind: 'annotator', annotatorId: layer.slice('annotator:'.length) }
        : { kind: layer as 'all' | 'gold' | 'majority' },
      statuses: statuses as ExportOptionsInput['statuses'],
      ...(choices && labels.length < choices.labels.length ? { labels } : {}),
      ...(dateFrom ? { dateFrom } : {}),
      ...(dateTo ? { dateTo } : {}),
      ...(splitOn ? { split: { train: Number(ratios.train), dev: Number(ratios.dev), test: Number(ratios.test), seed: Number(ratios.seed) } } : {}),
      ...(shardSize ? { shardSize: Number(shardSize) } : {}),
    };
    try {
      const { jobId } = await call('export.start', { options, ...(folder ? { folder: folder.handle } : {}) });
      setStep({ kind: 'run', jobId });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const chooseFolder = async () => {
    try {
      const picked = await call('files.pick', { purpose: 'export', folder: true });
      if (picked.files[0]) setFolder(picked.files[0]);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));
  const total = running?.progress.total ?? 0;
  const done = running?.progress.done ?? 0;
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;

  return (
    <section className="awb-export" aria-labelledby="export-heading">
      {step.kind === 'choose' && (
        <>
          <h1 id="export-heading" ref={heading} tabIndex={-1}>
            Export a dataset
          </h1>
          <p className="awb-muted">
            Offsets are Unicode code points (Python&apos;s <code>text[start:end]</code>) except doccano&apos;s (UTF-16, as doccano counts). Every span is
            checked before the export reports success; a manifest lists each file with its SHA-256, and a dataset card (README.md) describes the data.
          </p>
          <form
            className="awb-export-form"
            onSubmit={(event) => {
              event.preventDefault();
              void start();
            }}
          >
            <fieldset className="awb-export-formats">
              <legend>Format</legend>
              {FORMATS.map((item) => (
                <label key={item.value} className={format === item.value ? 'is-chosen' : ''}>
                  <input type="radio" name="format" value={item.value} checked={format === item.value} onChange={() => setFormat(item.value)} />
                  <span>
                    <strong>{item.name}</strong>
                    <small>{item.detail}</small>
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="awb-export-grid">
              <label>
                Layer
                <select value={layer} onChange={(event) => setLayer(event.target.value)} aria-describedby="layer-hint">
                  <option value="all">Every annotator</option>
                  <option value="gold">Gold (adjudicated){choices ? ` · ${choices.goldSpans} spans` : ''}</option>
                  <option value="majority">Majority vote over annotators</option>
                  {choices?.annotators
                    .filter((annotator) => annotator.spans > 0 || annotator.documents > 0 || Object.keys(annotator.byStatus).length > 0)
                    .map((annotator) => (
                      <option key={annotator.id} value={`annotator:${annotator.id}`}>
                        {annotator.name} · {annotator.spans} spans, {annotator.byStatus.done ?? 0} done
                      </option>
                    ))}
                </select>
                <small id="layer-hint" className={layerInvalid ? 'awb-error' : 'awb-muted'}>
                  {layerInvalid ? 'This format holds one annotator’s spans: choose an annotator, gold or the majority vote.' : 'Whose spans go into the files.'}
                </small>
              </label>
              <fieldset>
                <legend>Status (per annotator)</legend>
                {STATUSES.map((status) => (
                  <label key={status.value} className="awb-inline">
                    <input
                      type="checkbox"
                      checked={statuses.includes(status.value)}
                      onChange={(event) => setStatuses(toggle(statuses, status.value, event.target.checked))}
                    />
                    {status.name}
                  </label>
                ))}
              </fieldset>
              <fieldset>
                <legend>Labels</legend>
                {choices?.labels.map((label) => (
                  <label key={label} className="awb-inline">
                    <input type="checkbox" checked={labels.includes(label)} onChange={(event) => setLabels(toggle(labels, label, event.target.checked))} />
                    {label}
                  </label>
                ))}
              </fieldset>
              <fieldset>
                <legend>Publication date</legend>
                <label className="awb-inline">
                  From <input type="date" value={dateFrom} onChange={(event) => setDateFrom(event.target.value)} />
                </label>
                <label className="awb-inline">
                  To <input type="date" value={dateTo} onChange={(event) => setDateTo(event.target.value)} />
                </label>
              </fieldset>
              <fieldset>
                <legend>
                  <label className="awb-inline">
                    <input type="checkbox" checked={splitOn} onChange={(event) => setSplitOn(event.target.checked)} />
                    Split into train / dev / test
                  </label>
                </legend>
                {(['train', 'dev', 'test', 'seed'] as const).map((key) => (
                  <label key={key} className="awb-inline">
                    {key === 'seed' ? 'Seed' : `${key[0]?.toUpperCase()}${key.slice(1)}`}
                    <input
                      type="number"
                      className="awb-number"
                      min={0}
                      step={key === 'seed' ? 1 : 0.05}
                      max={key === 'seed' ? undefined : 1}
                      disabled={!splitOn}
                      value={ratios[key]}
                      onChange={(event) => setRatios({ ...ratios, [key]: event.target.value })}
                    />
                  </label>
                ))}
                <small className="awb-muted">By document, from the seed and each text&apos;s SHA-256: the same on every machine.</small>
              </fieldset>
              <label>
                Documents per file
                <input type="number" min={1} placeholder="All in one file" value={shardSize} onChange={(event) => setShardSize(event.target.value)} />
              </label>
            </div>
            <div className="awb-export-destination">
              {choices?.canChooseFolder ? (
                <>
                  <button type="button" onClick={() => void chooseFolder()}>
                    Choose folder…
                  </button>
                  <span>
                    A new folder is made inside <code>{folder ? folder.name : choices.defaultFolder}</code>.
                  </span>
                </>
              ) : (
                <span>
                  Written on this computer, in a new folder inside <code data-testid="export-default-folder">{choices?.defaultFolder ?? '…'}</code>.
                </span>
              )}
            </div>
            <div className="awb-row awb-export-actions">
              <button type="submit" className="awb-primary" disabled={!choices || layerInvalid || statuses.length === 0 || labels.length === 0}>
                Export
              </button>
            </div>
          </form>
        </>
      )}
      {step.kind === 'run' && (
        <>
          <h1 id="export-heading" ref={heading} tabIndex={-1}>
            Exporting…
          </h1>
          <progress className="awb-export-bar" aria-label="Export progress" max={100} value={percent} aria-valuetext={`${percent}%`} />
          <p role="status" className="awb-muted" data-testid="export-phase">
            {running?.cancelRequested ? 'Cancelling: removing the files written so far…' : (running?.phase ?? 'Starting')} · {percent}%
            {total > 0 && ` · ${done.toLocaleString()} of ${total.toLocaleString()} documents`}
          </p>
          <div className="awb-row awb-export-actions">
            <button
              type="button"
              disabled={running?.cancelRequested === true}
              onClick={() => void call('jobs.cancel', { jobId: step.jobId }).catch((caught: unknown) => setError(errorMessage(caught)))}
            >
              Cancel export
            </button>
          </div>
        </>
      )}
      {step.kind === 'done' && <ExportSummaryView job={step.job} headingRef={heading} onAgain={() => setStep({ kind: 'choose' })} />}
      {error && (
        <p role="alert" className="awb-error">
          {error}
        </p>
      )}
    </section>
  );
}
