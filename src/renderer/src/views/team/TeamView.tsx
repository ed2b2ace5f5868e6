import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract/index';
import type { FileHandle } from '../../../../shared/contract/methods/imports';
import type { JobResult, JobStatus } from '../../../../shared/contract/methods/jobs';
import { call, hostKind } from '../../lib/api';
import { errorMessage } from '../../lib/errorMessage';
import { handlesForFiles, pickWithDialog } from '../../lib/fileHandles';
import { useJobPolling } from '../../lib/useJobPolling';
import { MergeReport } from './MergeReport';
import './team.css';

type Overview = MethodOutput<'team.overview'>;
type Inspected = MethodOutput<'packages.inspect'>;
/** The one team job running (or last finished) and what it was. */
type Job = { id: string; what: string; status: JobStatus | null };

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

/**
 * The Team view: each annotator's progress and the last bundle merged from them; writing
 * assignment packages (documents × annotators × k, by seed); opening a package from the lead;
 * writing this installation's bundle; merging bundles. Long work runs as a job with a progress
 * bar and Cancel. Every control is a native form control, so the view works from the keyboard.
 */
export function TeamView({ onProjectChanged }: { onProjectChanged: () => void }) {
  const [overview, setOverview] = useState<Overview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [result, setResult] = useState<JobResult | null>(null);
  const [newName, setNewName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [k, setK] = useState('1');
  const [seed, setSeed] = useState('1');
  const [pkg, setPkg] = useState<{ handle: FileHandle; inspected: Inspected } | null>(null);
  const [adopt, setAdopt] = useState(false);
  const [bundles, setBundles] = useState<FileHandle[]>([]);
  /** Where packages and bundles go (desktop only; otherwise the exports folder beside the database). */
  const [folder, setFolder] = useState<FileHandle | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const packageInput = useRef<HTMLInputElement>(null);
  const bundleInput = useRef<HTMLInputElement>(null);

  const refresh = useCallback(() => {
    call('team.overview', {}).then(setOverview, (caught: unknown) => setError(errorMessage(caught)));
  }, []);
  useEffect(() => {
    heading.current?.focus();
    refresh();
  }, [refresh]);

  useJobPolling(job?.id ?? null, {
    onProgress: (status) => setJob((current) => (current ? { ...current, status } : current)),
    onEnd: (status) => {
      setJob((current) => (current ? { ...current, status } : current));
      if (status.state === 'succeeded') {
        setResult(status.result);
        if (status.result?.kind === 'packageOpen') {
          setPkg(null);
          onProjectChanged();
        }
        if (status.result?.kind === 'merge') setBundles([]);
      } else if (status.state === 'failed') setError(status.error?.message ?? 'The job failed.');
      refresh();
    },
    onError: (caught) => setError(errorMessage(caught)),
  });
  const running = job !== null && (job.status === null || job.status.state === 'running');

  const startJob = async (what: string, start: () => Promise<{ jobId: string }>) => {
    setError(null);
    setResult(null);
    try {
      const { jobId } = await start();
      setJob({ id: jobId, what, status: null });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const addMember = async () => {
    setError(null);
    try {
      const added = await call('team.addAnnotator', { name: newName.trim(), role: 'annotator' });
      setNewName('');
      setChosen((list) => [...list, added.id]);
      refresh();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  /** Files from the desktop dialog, or (in a browser) the upload field. */
  const pickFiles = async (input: HTMLInputElement | null, accept: (handles: FileHandle[]) => Promise<void> | void) => {
    setError(null);
    try {
      const picked = await pickWithDialog(false);
      if (picked === null) input?.click();
      else await accept(picked);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const acceptPackage = async (handles: FileHandle[]) => {
    const handle = handles[0];
    if (!handle) return;
    setPkg({ handle, inspected: await call('packages.inspect', { handle: handle.handle }) });
    setAdopt(false);
  };
  const fromInput = async (files: FileList | null, accept: (handles: FileHandle[]) => Promise<void> | void) => {
    if (!files || files.length === 0) return;
    setError(null);
    try {
      await accept(await handlesForFiles([...files]));
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const chooseFolder = async () => {
    setError(null);
    try {
      const picked = await call('files.pick', { purpose: 'export', folder: true });
      if (picked.files[0]) setFolder(picked.files[0]);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  const where = folder ? { folder: folder.handle } : {};

  const total = job?.status?.progress.total ?? 0;
  const done = job?.status?.progress.done ?? 0;
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  const members = overview?.members ?? [];
  const kNumber = Number(k);
  const kInvalid = !Number.isInteger(kNumber) || kNumber < 1 || kNumber > Math.max(1, chosen.length);

  return (
    <section className="awb-team" aria-labelledby="team-heading">
      <h1 id="team-heading" ref={heading} tabIndex={-1}>
        Team{overview ? ` · ${overview.projectName}` : ''}
      </h1>
      <p className="awb-muted">
        Work is handed out and collected as files, no server needed: the lead writes one package per annotator; each annotator opens theirs and sends back a
        bundle; the lead merges the bundles (merging the same bundle twice, or in any order, gives the same result).
      </p>

      <h2>Progress{overview ? ` (${overview.documents.toLocaleString()} documents in the project)` : ''}</h2>
      <table className="awb-team-table" data-testid="team-table">
        <thead>
          <tr>
            <th scope="col">Annotator</th>
            <th scope="col" className="num">
              Assigned
            </th>
            <th scope="col">Done</th>
            <th scope="col" className="num">
              In progress
            </th>
            <th scope="col" className="num">
              Skipped
            </th>
            <th scope="col" className="num">
              To do
            </th>
            <th scope="col" className="num">
              Spans
            </th>
            <th scope="col">Last bundle merged</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => {
            const base = Math.max(member.assigned, member.done);
            return (
              <tr key={member.id} data-testid={`member-${member.name}`}>
                <th scope="row">
                  {member.name}
                  {member.isLocal && <span className="awb-muted"> (you)</span>}
                </th>
                <td className="num">{member.assigned.toLocaleString()}</td>
                <td>
                  <span className="awb-team-meter" role="img" aria-label={`${member.done} of ${base} done`}>
                    <span ref={(element) => element?.style.setProperty('width', `${base === 0 ? 0 : (member.done / base) * 100}%`)} />
                  </span>
                  {member.done.toLocaleString()}
                </td>
                <td className="num">{member.inProgress.toLocaleString()}</td>
                <td className="num">{member.skipped.toLocaleString()}</td>
                <td className="num">{member.todo.toLocaleString()}</td>
                <td className="num">{member.spans.toLocaleString()}</td>
                <td>
                  {member.lastBundle ? (
                    <>
                      <span>{member.lastBundle.fileName}</span>
                      <br />
                      <small className="awb-muted">
                        written {when(member.lastBundle.createdAt)} · merged {when(member.lastBundle.importedAt)} · {member.lastBundle.annotations} annotations
                      </small>
                    </>
                  ) : (
                    <span className="awb-muted">none yet</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {job && (
        <div className="awb-team-job" aria-live="polite">
          <progress aria-label={`${job.what} progress`} max={100} value={job.status?.state === 'running' || !job.status ? percent : 100} />
          <p role="status" className="awb-muted" data-testid="team-job-status">
            {job.what}: {job.status?.state === 'running' || !job.status ? `${job.status?.phase ?? 'Starting'} · ${percent}%` : job.status.state}
          </p>
          {running && (
            <button
              type="button"
              disabled={job.status?.cancelRequested === true}
              onClick={() => void call('jobs.cancel', { jobId: job.id }).catch((caught: unknown) => setError(errorMessage(caught)))}
            >
              Cancel
            </button>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="awb-error">
          {error}
        </p>
      )}
      {result && <JobResultView result={result} />}

      <div className="awb-team-panels">
        <form
          className="awb-team-panel"
          aria-labelledby="packages-heading"
          onSubmit={(event) => {
            event.preventDefault();
            void startJob('Writing packages', () => call('packages.start', { annotatorIds: chosen, k: kNumber, seed: Number(seed), ...where }));
          }}
        >
          <h2 id="packages-heading">Hand out work (lead)</h2>
          <fieldset>
            <legend>Annotators</legend>
            {members.map((member) => (
              <label key={member.id}>
                <input
                  type="checkbox"
                  checked={chosen.includes(member.id)}
                  onChange={(event) => setChosen((list) => (event.target.checked ? [...list, member.id] : list.filter((id) => id !== member.id)))}
                />
                {member.name}
              </label>
            ))}
          </fieldset>
          <div className="awb-team-add">
            <label>
              New member
              <input value={newName} onChange={(event) => setNewName(event.target.value)} maxLength={200} />
            </label>
            <button type="button" disabled={newName.trim() === ''} onClick={() => void addMember()}>
              Add
            </button>
          </div>
          <label>
            Annotators per document (k)
            <input type="number" min={1} max={Math.max(1, chosen.length)} value={k} onChange={(event) => setK(event.target.value)} aria-invalid={kInvalid} />
          </label>
          <label>
            Seed
            <input type="number" min={0} value={seed} onChange={(event) => setSeed(event.target.value)} />
          </label>
          <p className="awb-muted">
            Every document of the project goes to {Number.isInteger(kNumber) ? kNumber : 'k'} of the {chosen.length} chosen annotators, balanced; the same seed
            gives the same assignment on every machine.
          </p>
          <button type="submit" className="awb-primary" disabled={running || chosen.length === 0 || kInvalid}>
            Write packages
          </button>
        </form>

        <div className="awb-team-panel">
          <h2>Open a package (annotator)</h2>
          <button type="button" disabled={running} onClick={() => void pickFiles(packageInput.current, acceptPackage)}>
            Choose a package file…
          </button>
          <input
            ref={packageInput}
            type="file"
            accept=".awbpkg"
            hidden
            aria-label="Package file"
            data-testid="package-input"
            onChange={(event) => void fromInput(event.target.files, acceptPackage)}
          />
          {pkg && (
            <div data-testid="package-inspected">
              <p>
                <strong>{pkg.handle.name}</strong>: {pkg.inspected.documents} documents of “{pkg.inspected.project.name}” for{' '}
                <strong>{pkg.inspected.annotator.name}</strong>
                {pkg.inspected.lead ? `, from ${pkg.inspected.lead.name}` : ''}.
              </p>
              {pkg.inspected.identity === 'differs' && (
                <label>
                  <input type="checkbox" checked={adopt} onChange={(event) => setAdopt(event.target.checked)} />
                  Work as {pkg.inspected.annotator.name} from now on (this installation works as {pkg.inspected.localAnnotator?.name})
                </label>
              )}
              <button
                type="button"
                className="awb-primary"
                disabled={running || (pkg.inspected.identity === 'differs' && !adopt)}
                onClick={() => void startJob('Opening the package', () => call('packages.open', { handle: pkg.handle.handle, adoptIdentity: adopt }))}
              >
                Open package
              </button>
            </div>
          )}
        </div>

        <div className="awb-team-panel">
          <h2>Send my work (annotator)</h2>
          <p className="awb-muted">
            One bundle file with all your spans (deleted ones too), statuses and the hash of each document&apos;s text, for the lead to merge.
          </p>
          <button
            type="button"
            className="awb-primary"
            disabled={running}
            onClick={() => void startJob('Writing the bundle', () => call('bundles.start', { ...where }))}
          >
            Write my bundle
          </button>
        </div>

        <div className="awb-team-panel">
          <h2>Merge bundles (lead)</h2>
          <button
            type="button"
            disabled={running}
            onClick={() => void pickFiles(bundleInput.current, (handles) => setBundles((list) => [...list, ...handles]))}
          >
            Choose bundle files…
          </button>
          <input
            ref={bundleInput}
            type="file"
            accept=".awbbundle"
            multiple
            hidden
            aria-label="Bundle files"
            data-testid="bundle-input"
            onChange={(event) => void fromInput(event.target.files, (handles) => setBundles((list) => [...list, ...handles]))}
          />
          {bundles.length > 0 && (
            <ul className="awb-team-files">
              {bundles.map((bundle) => (
                <li key={bundle.handle}>{bundle.name}</li>
              ))}
            </ul>
          )}
          <button
            type="button"
            className="awb-primary"
            disabled={running || bundles.length === 0}
            onClick={() => void startJob('Merging bundles', () => call('bundles.merge', { handles: bundles.map((bundle) => bundle.handle) }))}
          >
            Merge {bundles.length > 0 ? bundles.length : ''} bundles
          </button>
        </div>
      </div>
      {hostKind() === 'electron' ? (
        <p className="awb-row">
          <span className="awb-muted">Packages and bundles are written to {folder ? folder.name : 'the exports folder beside the database'}.</span>
          <button type="button" disabled={running} onClick={() => void chooseFolder()}>
            Choose folder…
          </button>
        </p>
      ) : (
        <p className="awb-muted">In the browser, files are written on this computer in the folder shown after each job.</p>
      )}
    </section>
  );
}

/** What a finished team job produced. */
function JobResultView({ result }: { result: JobResult }) {
  if (result.kind === 'packages') {
    return (
      <div role="status" data-testid="team-result">
        <p>
          ✓ {result.summary.packages.length} packages ({result.summary.documents} documents, each to {result.summary.k}) written to{' '}
          <code>{result.summary.folder}</code>
        </p>
        <ul className="awb-team-files">
          {result.summary.packages.map((item) => (
            <li key={item.file}>
              {item.annotatorName}: {item.documents} documents · <code data-testid="package-file">{item.file}</code>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (result.kind === 'packageOpen') {
    const summary = result.summary;
    return (
      <div role="status" data-testid="team-result">
        <p>
          ✓ {summary.projectCreated ? 'Created' : 'Updated'} “{summary.projectName}”: {summary.documentsAdded} documents added, {summary.assigned} assigned to{' '}
          {summary.annotator.name}. Your document list now shows your assigned documents.
        </p>
        {summary.warnings.map((warning) => (
          <p key={warning} className="awb-error">
            {warning}
          </p>
        ))}
      </div>
    );
  }
  if (result.kind === 'bundle') {
    return (
      <p role="status" data-testid="team-result">
        ✓ Bundle written: {result.summary.annotations} annotations ({result.summary.tombstones} deleted), {result.summary.statuses} statuses ·{' '}
        <code data-testid="bundle-file">{result.summary.file}</code>
      </p>
    );
  }
  if (result.kind === 'merge') return <MergeReport summary={result.summary} />;
  return null;
}
