import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDocument } from '../services/addDocument';
import { activeProject } from '../services/session';
import { insertAnnotator } from '../store/annotators';
import { setDocumentStatus } from '../store/documentStatus';
import { createTempDirs } from '../testing/tempDir';
import { openWorkbench, type Workbench } from '../workbench';
import { contract } from '../../shared/contract/index';
import type { DocumentStatus } from '../../shared/contract/methods/documents';
import { compareStoredDocument, computeAgreement } from './computeAgreement';
import { readAgreementDocuments } from './loadInputs';
import { insertManualSpan } from '../testing/fixtures';

const tempDir = createTempDirs();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const NOW = '2024-02-05T10:00:00.000Z';

type Span = { start: number; end: number; label: string; layer?: 'annotator' | 'gold'; deleted?: boolean; attributes?: Record<string, string> };

/** A real database: the demo project, three annotators, documents with their work, written through the store. */
async function setUp() {
  const workbench = await openWorkbench(join(tempDir(), 'agreement.db'), { logger: quiet });
  const projectId = activeProject(workbench.context).id;
  for (const [id, name] of [
    ['ana', 'Ana'],
    ['bo', 'Bo'],
    ['cy', 'Cy'],
    ['idle', 'Idle'],
  ] as const) {
    insertAnnotator(workbench.db, { id, name, role: 'annotator', createdAt: NOW });
  }
  let spanId = 0;
  const add = (text: string, work: Record<string, { status?: DocumentStatus; spans?: Span[] }>, title = 'Doc') => {
    const document = addDocument(workbench.context, { projectId, title, text });
    for (const [annotatorId, { status, spans = [] }] of Object.entries(work)) {
      if (status) setDocumentStatus(workbench.db, document.id, annotatorId, status, NOW);
      for (const span of spans) {
        insertManualSpan(workbench.db, {
          id: `${annotatorId}-${spanId++}`,
          documentId: document.id,
          annotatorId,
          layer: span.layer ?? 'annotator',
          start: span.start,
          end: span.end,
          label: span.label,
          attributes: span.attributes ?? {},
          quote: [...text].slice(span.start, span.end).join(''),
          at: NOW,
          deleted: span.deleted ?? false,
        });
      }
    }
    return document.id;
  };
  return { workbench, projectId, add };
}

const TEXT = 'Militants attacked Tower 22 in Jordan.';
const value = (figure: { value: number } | { undefined: true; reason: string }) => {
  if (!('value' in figure)) throw new Error(`undefined: ${figure.reason}`);
  return figure.value;
};

/** The hand-worked document of corpusAgreement.test.ts, stored: α = 7/27. */
function addHandWorked(add: Awaited<ReturnType<typeof setUp>>['add']) {
  return add(TEXT, {
    ana: {
      status: 'done',
      spans: [
        { start: 0, end: 9, label: 'ACTOR' },
        { start: 19, end: 27, label: 'LOCATION' },
        { start: 31, end: 37, label: 'LOCATION' },
        // A tombstone and a gold span: neither is Ana's current annotation.
        { start: 10, end: 18, label: 'WEAPON', deleted: true },
        { start: 10, end: 18, label: 'WEAPON', layer: 'gold' },
      ],
    },
    bo: {
      status: 'done',
      spans: [
        { start: 0, end: 9, label: 'ACTOR' },
        { start: 19, end: 24, label: 'LOCATION' },
        { start: 31, end: 37, label: 'LOCATION' },
      ],
    },
    cy: { status: 'done' },
  });
}

function close(workbench: Workbench) {
  workbench.close();
}

describe('computeAgreement over a stored project', () => {
  it('reads live annotator-layer spans and statuses, and gives the hand-worked figures', async () => {
    const { workbench, projectId, add } = await setUp();
    addHandWorked(add);
    const summary = computeAgreement(workbench.db, { projectId, labels: ['ACTOR', 'LOCATION'] });
    // The demo corpus has no annotations: only the hand-worked document is compared.
    expect(summary.annotators).toEqual([
      { id: 'ana', name: 'Ana' },
      { id: 'bo', name: 'Bo' },
      { id: 'cy', name: 'Cy' },
    ]);
    expect(summary.documents.compared).toBe(1);
    expect(value(summary.token.alpha)).toBeCloseTo(7 / 27, 12);
    expect(summary.spansOutsideLabels).toBe(0);
    close(workbench);
  });

  it('defaults to the schema labels and the annotators who count; checks the names it is given', async () => {
    const { workbench, projectId, add } = await setUp();
    addHandWorked(add);
    add('Another text entirely.', { idle: { status: 'in_progress' }, bo: { spans: [{ start: 0, end: 7, label: 'RUMOUR' }] } });
    const summary = computeAgreement(workbench.db, { projectId });
    expect(summary.labels).toEqual(['ACTOR', 'LOCATION', 'WEAPON', 'CASUALTY_COUNT']);
    // Idle has only unfinished work: it counts nowhere under the default rule.
    expect(summary.annotators.map((annotator) => annotator.id)).toEqual(['ana', 'bo', 'cy']);
    expect(summary.annotatorCounts[1]).toMatchObject({ annotatorId: 'bo', documentsCounted: 1, unfinishedWithSpans: 1 });
    // Under done-or-annotated Bo's unfinished RUMOUR span counts, outside the schema's labels unless named.
    const annotated = computeAgreement(workbench.db, { projectId, counting: 'done-or-annotated' });
    expect(annotated.spansOutsideLabels).toBe(1);
    const named = computeAgreement(workbench.db, { projectId, counting: 'done-or-annotated', labels: ['ACTOR', 'RUMOUR'] });
    expect(named.annotatorCounts[1]).toMatchObject({ documentsCounted: 2, spansCounted: 2 });
    expect(() => computeAgreement(workbench.db, { projectId, labels: ['ACTOR', 'PLACE'] })).toThrow(
      'Unknown label "PLACE": it is not in this project\'s schema (ACTOR, LOCATION, WEAPON, CASUALTY_COUNT) and no span has it.',
    );
    expect(() => computeAgreement(workbench.db, { projectId, annotators: ['ana', 'nobody'] })).toThrow('No annotator with id nobody.');
    expect(() => computeAgreement(workbench.db, { projectId: 'nope' })).toThrow('No project with id nope.');
    close(workbench);
  });

  it('reads every document across pages, with no status meaning todo', async () => {
    const { workbench, projectId, add } = await setUp();
    const ids = [0, 1, 2, 3, 4].map((i) => add(`Text number ${i}.`, i === 3 ? { ana: { spans: [{ start: 0, end: 4, label: 'ACTOR' }] } } : {}));
    const documents = [...readAgreementDocuments(workbench.db, projectId, ['ana', 'bo'], { pageSize: 2 })];
    const mine = documents.filter((document) => ids.includes(document.documentId));
    expect(mine.map((document) => document.documentId)).toEqual(ids);
    expect(mine[3]!.work).toEqual([
      {
        annotatorId: 'ana',
        status: 'todo',
        textSha256: mine[3]!.textSha256,
        spans: [{ id: expect.any(String) as string, start: 0, end: 4, label: 'ACTOR', attributes: {} }],
      },
    ]);
    close(workbench);
  });

  it('reports progress in documents and stops when cancelled', async () => {
    const { workbench, projectId, add } = await setUp();
    for (let i = 0; i < 120; i++) add(`Report ${i}: shelling near the river.`, { ana: { status: 'done' }, bo: { status: 'done' } });
    const updates: number[] = [];
    const summary = computeAgreement(workbench.db, { projectId }, { progress: (update) => updates.push(update.done) });
    expect(summary.documents.total).toBe(updates.at(-1));
    expect(updates).toEqual([50, 100, summary.documents.total]);
    expect(() => computeAgreement(workbench.db, { projectId }, { isCancelled: () => true })).toThrow(
      expect.objectContaining({ code: 'cancelled', message: `Agreement was cancelled after 50 of ${summary.documents.total} documents.` }),
    );
    close(workbench);
  });

  it('gives the drill-down detail of one stored document', async () => {
    const { workbench, projectId, add } = await setUp();
    const documentId = addHandWorked(add);
    const detail = compareStoredDocument(workbench.db, { projectId, documentId, labels: ['ACTOR', 'LOCATION'] });
    expect(detail.row.documentId).toBe(documentId);
    expect(detail.pairs[0]!.exact.onlyA).toHaveLength(1);
    const demo = add('Nobody annotated this.', {});
    expect(() => compareStoredDocument(workbench.db, { projectId, documentId: demo })).toThrow(
      '"Doc" is not compared: no selected annotator counts for this document.',
    );
    close(workbench);
  });
});

describe('agreement.start (contract, a job in a worker thread)', () => {
  it('runs as a job; documents and drill-down come from the kept run, sorted by disagreement', async () => {
    const { workbench, projectId, add } = await setUp();
    addHandWorked(add);
    const calm = add('Militants attacked again.', {
      ana: { status: 'done', spans: [{ start: 0, end: 9, label: 'ACTOR' }] },
      bo: { status: 'done', spans: [{ start: 0, end: 9, label: 'ACTOR' }] },
    });
    const started = await workbench.dispatch('agreement.start', { projectId, annotators: ['ana', 'bo'] });
    if (!started.ok) throw new Error(started.error.message);
    const { jobId } = contract['agreement.start'].output.parse(started.value);
    const finished = await workbench.jobs.wait(jobId);
    expect(finished.state).toBe('succeeded');
    const polled = await workbench.dispatch('jobs.get', { jobId: jobId });
    if (!polled.ok) throw new Error(polled.error.message);
    const status = contract['jobs.get'].output.parse(polled.value);
    if (status.result?.kind !== 'agreement') throw new Error('not an agreement result');
    expect(status.result.summary.perDocumentTotal).toBe(2);
    expect(status.result.summary.perDocument[0]!.documentId).not.toBe(calm);
    const page = await workbench.dispatch('agreement.documents', { runId: jobId, limit: 1 });
    if (!page.ok) throw new Error(page.error.message);
    const output = contract['agreement.documents'].output.parse(page.value);
    expect(output.total).toBe(2);
    expect(output.rows).toHaveLength(1);
    expect(output.rows[0]!.documentId).not.toBe(calm);
    // LOCATION exact F1: only documents where the pair has LOCATION spans; the calm one has none.
    const located = await workbench.dispatch('agreement.documents', { runId: jobId, focus: { measure: 'exact', label: 'LOCATION', a: 'bo', b: 'ana' } });
    if (!located.ok) throw new Error(located.error.message);
    const behind = contract['agreement.documents'].output.parse(located.value);
    expect(behind.rows.map((row) => row.documentId)).not.toContain(calm);
    expect(behind.description).toBe('LOCATION · exact span F1 · Bo–Ana');
    await workbench.shutdown();
  });

  it('refuses a token pattern that can match the empty string, with the reason, before starting a job', async () => {
    const { workbench, projectId } = await setUp();
    const result = await workbench.dispatch('agreement.start', { projectId, annotators: ['ana', 'bo'], tokenizer: { kind: 'regex', pattern: '\\w*' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/can match the empty string/) as string } });
    expect(workbench.jobs.list()).toEqual([]);
    close(workbench);
  });

  it('cancel ends the worker at once and the job as cancelled; nothing is kept', async () => {
    const { workbench, projectId, add } = await setUp();
    for (let i = 0; i < 30; i++)
      add(`Report ${i}: militants attacked again.`, { ana: { status: 'done', spans: [{ start: 0, end: 6, label: 'ACTOR' }] }, bo: { status: 'done' } });
    const started = await workbench.handlers['agreement.start']({ projectId, annotators: ['ana', 'bo'], tokenizer: { kind: 'project' }, counting: 'done' });
    workbench.jobs.cancel(started.jobId);
    const finished = await workbench.jobs.wait(started.jobId);
    expect(finished.state).toBe('cancelled');
    expect(workbench.agreementRuns.find(started.jobId)).toBeNull();
    await workbench.shutdown();
  });

  it('answers not_found for a run that is not kept', async () => {
    const { workbench } = await setUp();
    const result = await workbench.dispatch('agreement.documents', { runId: 'no-such-run' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    close(workbench);
  });
});
