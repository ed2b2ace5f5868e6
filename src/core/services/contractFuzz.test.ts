import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { contract, ERROR_CODES, METHOD_NAMES, type MethodName } from '../../shared/contract/index';
import { WorkbenchError } from '../errors';
import { startWorkbench } from '../runningWorkbench';
import { quietLogger, seedAnnotatable } from '../testing/fixtures';
import { assertAcceptsOrRefusesCleanly, awkwardJsonValue, FUZZ_RUNS, pollutingObject } from '../testing/fuzz';
import { arbitraryFromJsonSchema, mutated, type JsonSchema } from '../testing/jsonSchemaArbitrary';
import { createTempDirs } from '../testing/tempDir';
import { insertAnnotator } from '../store/annotators';
import { addDocument } from './addDocument';
import { activeProject } from './session';
import { setDocumentStatus } from '../store/documentStatus';
import { bundleInto, packagesInto } from '../testing/teamHarness';

// Reference §4 case 32 and the fuzzing part: every method of the contract, through the
// dispatcher both hosts share, with random, schema-shaped and mutated payloads. Each call is
// accepted or refused with one of the project's error codes (never `internal`, which is what an
// unexpected throw becomes), and a refused call leaves the database byte for byte as it was.
const tempDir = createTempDirs('awb-fuzz-');

function fail(message: string): never {
  throw new Error(message);
}

/** Turns an envelope back into accept/throw for the shared property; `internal` is a crash. */
function envelopeToOutcome(result: unknown): unknown {
  const envelope = result as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (envelope.ok === true) return envelope.value;
  if (envelope.ok !== false || !envelope.error) throw new Error(`not an envelope: ${JSON.stringify(result)}`);
  const code = envelope.error.code;
  if (code === 'internal' || !ERROR_CODES.some((known) => known === code))
    throw new Error(`crash answered as ${String(code)}: ${String(envelope.error.message)}`);
  throw new WorkbenchError(code as Exclude<(typeof ERROR_CODES)[number], 'internal'>, String(envelope.error.message));
}

/**
 * Methods fuzzed only on their refusal paths. `backups.restore` replaces the whole database
 * (backup.test.ts, faults.test.ts); `import.start` starts a background import in a worker, which
 * would write while later runs compare dumps (jobManager.test.ts and importProperties.test.ts
 * cover its accepted path). Both still get every malformed and unknown-handle input.
 */
const REFUSAL_ONLY = new Set<MethodName>(['backups.restore', 'import.start']);

/**
 * Methods whose accepted inputs need several fields to agree (the replaced spans must be exactly
 * those under the new span), which independent random fields almost never do: their accepted
 * path is covered by the editor's tests (annotationEdits.test.ts, e2e/editor.spec.ts).
 */
const ACCEPTED_ELSEWHERE = new Set<MethodName>(['annotations.replace']);

/**
 * Team methods that start a background job which writes the database (or, for packages.start,
 * records assignments when it ends). Fuzzed with handles and annotators that do not exist (a
 * job per accepted run would write while later runs compare fingerprints), then accepted once
 * with real values below, and the job must succeed.
 */
const TEAM_JOB_STARTERS = new Set<MethodName>(['packages.start', 'packages.open', 'bundles.merge']);

/**
 * Methods that start a job writing to the database (a gazetteer import, a suggestion run): each
 * accepted call waits for its job inside the run, so no job writes while a later run compares
 * dumps. Worker threads are slow to start, so these get fewer runs (their readers have their own
 * 1,000-run properties: gazetteerFile.property.test.ts).
 */
const JOB_STARTERS = new Set<MethodName>(['gazetteers.import', 'suggestions.start']);
const JOB_STARTER_RUNS = 30;

/** Methods whose accepted calls start a background job in a worker thread. */
const STARTS_WORKERS = new Set<MethodName>(['export.start', 'agreement.start']);

async function fixture(method: MethodName) {
  const running = await startWorkbench(join(tempDir(), 'fuzz.db'), { logger: quietLogger, autoBackupMinutes: 0 });
  await running.startupBackup;
  const workbench = running.workbench();
  if (!workbench) throw new Error('the fuzz database did not open');
  const { documentId, words } = await seedAnnotatable(workbench, 300);
  // A real file behind a handle, a dialog that "chooses" it, and a finished job, so the file and
  // job methods are reached with values they accept.
  const articles = join(tempDir(), 'articles.jsonl');
  writeFileSync(articles, '{"title":"Fuzz","text":"Rockets hit the base near Erbil on Tuesday."}\n');
  const handle = running.files.registerPath(articles, 'articles.jsonl').handle;
  running.files.setPicker(() => Promise.resolve([{ path: articles, name: 'articles.jsonl' }]));
  // Starting a job costs a worker thread, so only the job methods get one.
  let jobId: string | null = null;
  if (method.startsWith('jobs.')) {
    jobId = (await workbench.handlers['import.start']({ handles: [handle], options: {} })).jobId;
    await workbench.jobs.wait(jobId);
  }
  // A real gazetteer file, and a span whose text recurs, for the gazetteer and suggestion methods.
  const gazetteerFile = join(tempDir(), 'places.csv');
  writeFileSync(gazetteerFile, 'surface,label,granularity\nErbil,LOCATION,admin1\n');
  const gazetteerHandle = running.files.registerPath(gazetteerFile, 'places.csv').handle;
  const recurring = addDocument(workbench.context, {
    projectId: activeProject(workbench.context).id,
    title: 'Recurring',
    text: 'Erbil, then Erbil, then Erbil.',
  });
  const recurringSpan = (await workbench.handlers['annotations.create']({ documentId: recurring.id, start: 0, end: 5, label: 'LOCATION' })).id;
  const occurrences = (await workbench.handlers['suggestions.occurrences']({ annotationId: recurringSpan })).occurrences.map(({ start, end }) => [
    { start, end },
  ]);
  // Live spans (on words the fuzzed offsets do not reach) for the edit methods to find.
  const spanIds: string[] = [];
  for (const word of words.slice(200, 260)) {
    spanIds.push((await workbench.handlers['annotations.create']({ documentId, start: word.start, end: word.end, label: 'ACTOR' })).id);
  }
  // A second annotator who finished the same document, so agreement has two to compare.
  const annotatorIds = [workbench.context.db.prepare('SELECT id FROM annotator').pluck().get() as string, 'fuzz-second-annotator'];
  insertAnnotator(workbench.context.db, { id: 'fuzz-second-annotator', name: 'Second', role: 'annotator', createdAt: workbench.context.now() });
  for (const annotatorId of annotatorIds) setDocumentStatus(workbench.context.db, documentId, annotatorId, 'done', workbench.context.now());
  // A finished agreement run for the methods that read one, and gold spans for the adjudication edits.
  let runId: string | null = null;
  if (method === 'agreement.documents' || method === 'agreement.report') {
    runId = (await workbench.handlers['agreement.start']({ annotators: annotatorIds, tokenizer: { kind: 'project' }, counting: 'done' })).jobId;
    await workbench.jobs.wait(runId);
  }
  const goldIds = method.startsWith('adjudication.')
    ? (await workbench.handlers['adjudication.accept']({ documentId, spanIds: spanIds.slice(40, 50), replaceGoldIds: [] })).gold.map((span) => span.id)
    : [];
  const boot = await workbench.handlers['app.bootstrap']({});
  // A real package (for this installation's own annotator) and a real bundle, for the team methods.
  const team = { packageHandle: '', bundleHandle: '', annotatorId: annotatorIds[0] ?? '' };
  if (method.startsWith('packages.') || method.startsWith('bundles.')) {
    const written = await packagesInto(workbench, { filter: {}, annotatorIds: [team.annotatorId], k: 1, seed: 1 }, join(tempDir(), 'packages'));
    const packageFile = written.packages[0]?.file ?? '';
    team.packageHandle = running.files.registerPath(packageFile, 'own.awbpkg').handle;
    const bundle = await bundleInto(workbench, join(tempDir(), 'bundles'));
    team.bundleHandle = running.files.registerPath(bundle.file, 'own.awbbundle').handle;
  }
  const page = await workbench.handlers['documents.list']({ projectId: boot.project.id, offset: 0, limit: 100, sort: 'order', direction: 'asc' });
  const ids = [boot.project.id, documentId, ...page.rows.map((row) => row.id)];
  const offsets = words.flatMap((word) => [word.start, word.end]);
  const labels = boot.project.schema.labels.map((label) => label.name);
  // Real values where the schema names them, so calls reach the handlers and their writes.
  const knownValues = (name: string): unknown[] | undefined => {
    if (name === 'jobId') return jobId ? [jobId] : undefined;
    // import.start with a real handle would start a background import per run (see REFUSAL_ONLY).
    if (name === 'handles') return method === 'import.start' || method === 'bundles.merge' ? undefined : [[handle]];
    if (name === 'handle') return method === 'packages.inspect' ? [team.packageHandle] : method.startsWith('gazetteers.') ? [gazetteerHandle] : undefined;
    if (name === 'annotationId') return [recurringSpan, ...spanIds.slice(0, 3)];
    if (name === 'ranges') return occurrences;
    if (name === 'sources') return [['propagation'], ['casualty-rule'], ['propagation', 'casualty-rule']];
    if (name === 'id' && method.startsWith('annotations.')) return spanIds;
    if (name === 'runId') return runId ? [runId] : undefined;
    if (name === 'id' && method.startsWith('adjudication.')) return goldIds;
    if (name === 'spanIds') return spanIds.slice(0, 30).map((id) => [id]);
    if (name === 'goldIds' || name === 'replaceGoldIds') return [[], ...goldIds.map((id) => [id])];
    if (name === 'annotators') return [annotatorIds];
    if (name === 'replaceIds') return spanIds.slice(0, 10).map((id) => [id]);
    if (/id$/i.test(name)) return ids;
    if (name === 'start' || name === 'end') return offsets.slice(0, 120);
    if (name === 'label') return labels;
    // Spans start at revision 1, and an empty attribute patch is valid for any label: without these,
    // annotations.update accepted about 2 inputs in 1,000 and none at all in one run out of ten.
    if (name === 'expectedRevision') return [1];
    if (name === 'attributes') return [{}];
    return undefined;
  };
  return { running, workbench, knownValues, team: { ...team, gazetteerHandle } };
}

/** Random values of any kind, schema-shaped inputs, and schema-shaped inputs with one thing broken. */
function payloads(method: MethodName, knownValues: (name: string) => unknown[] | undefined): fc.Arbitrary<unknown> {
  const schema = z.toJSONSchema(contract[method].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const shaped = arbitraryFromJsonSchema(schema, { knownValues });
  return fc.oneof(
    { arbitrary: shaped, weight: 4 },
    { arbitrary: mutated(shaped, awkwardJsonValue), weight: 4 },
    { arbitrary: fc.anything({ withNullPrototype: true, withObjectString: true, maxDepth: 3 }), weight: 1 },
    { arbitrary: pollutingObject, weight: 1 },
  );
}

describe(`contract fuzzing (${FUZZ_RUNS} runs per method)`, () => {
  const fuzzMethod = async (method: MethodName) => {
    const { running, workbench, knownValues, team } = await fixture(method);
    let accepted = 0;
    await assertAcceptsOrRefusesCleanly({
      db: () => running.workbench()?.db ?? fail('the database closed'),
      arbitrary: payloads(method, knownValues),
      run: async (input) => {
        const value = envelopeToOutcome(await running.dispatch(method, input));
        if (JOB_STARTERS.has(method)) await running.workbench()?.jobs.wait((value as { jobId: string }).jobId);
        return value;
      },
      onAccepted: () => accepted++,
      ...(JOB_STARTERS.has(method) ? { numRuns: JOB_STARTER_RUNS } : {}),
    });
    // Job starters get few runs (or only inputs they refuse), so random inputs may never be valid:
    // each is also called once with real values, and its job must succeed.
    if (TEAM_JOB_STARTERS.has(method) || JOB_STARTERS.has(method)) {
      for (const job of workbench.jobs.list()) await workbench.jobs.wait(job.id);
      const valid: Record<string, unknown> = {
        'packages.start': { annotatorIds: [team.annotatorId], k: 1, seed: 9 },
        'packages.open': { handle: team.packageHandle },
        'bundles.merge': { handles: [team.bundleHandle] },
        'gazetteers.import': { handle: team.gazetteerHandle },
        'suggestions.start': { sources: ['casualty-rule'] },
      };
      const answer = (await running.dispatch(method, valid[method])) as { ok: boolean; value: { jobId: string } };
      expect(answer.ok).toBe(true);
      expect((await workbench.jobs.wait(answer.value.jobId)).state).toBe('succeeded');
      accepted++;
    }
    // The handlers themselves were exercised, not only the validation in front of them.
    if (!REFUSAL_ONLY.has(method) && !ACCEPTED_ELSEWHERE.has(method)) expect(accepted, `${method} never accepted an input`).toBeGreaterThan(0);
    await running.close();
  };
  const title = '%s: accepts or refuses with a project error code, and a refusal writes nothing';
  // Every accepted call starts a worker thread (and each job's worker compiles its modules when run
  // from source): on a shared 2-core machine 1,000 runs can take more than the default minute.
  const slow = new Set<MethodName>([...STARTS_WORKERS, ...JOB_STARTERS, ...TEAM_JOB_STARTERS]);
  it.each(METHOD_NAMES.filter((method) => !slow.has(method)))(title, fuzzMethod);
  it.each([...slow])(title, fuzzMethod, 240_000);

  it('backups.restore on a running host: any name that is not a listed backup is refused and nothing changes', async () => {
    const dbPath = join(tempDir(), 'restore-fuzz.db');
    const running = await startWorkbench(dbPath, { logger: quietLogger, autoBackupMinutes: 0 });
    await running.startupBackup;
    const db = () => running.workbench()?.db ?? fail('the database closed');
    const listed = running.control.listBackups().map((backup) => backup.file);
    await assertAcceptsOrRefusesCleanly({
      db,
      arbitrary: fc.oneof(
        fc.string(),
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]*\.sqlite$/),
        fc.constantFrom('../workbench.db', '..%2fworkbench.sqlite', '/etc/passwd', 'workbench.db', `${listed[0] ?? 'x'}/../../workbench.db`, '.partial.sqlite'),
      ),
      run: async (file) => {
        fc.pre(!listed.includes(file));
        return envelopeToOutcome(await running.dispatch('backups.restore', { file }));
      },
      onAccepted: (file) => {
        throw new Error(`restored from "${file}", which is not a listed backup`);
      },
    });
    await running.close();
  });
});
