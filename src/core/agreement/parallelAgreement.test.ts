import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { addDocument } from '../services/addDocument';
import { activeProject } from '../services/session';
import { insertAnnotator } from '../store/annotators';
import { setDocumentStatus } from '../store/documentStatus';
import { createTempDirs } from '../testing/tempDir';
import { seededRandom } from '../testing/seededRandom';
import { openWorkbench, type Workbench } from '../workbench';
import type { DocumentStatus } from '../../shared/contract/methods/documents';
import { runAgreement } from './agreementRuns';
import { type AgreementRequest, computeAgreement } from './computeAgreement';
import { byDisagreement } from './documentOrder';
import { readAgreementDocuments } from './loadInputs';
import { computeAgreementInParallel } from './parallelAgreement';
import { insertManualSpan } from '../testing/fixtures';

const tempDir = createTempDirs();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const NOW = '2024-02-05T10:00:00.000Z';
const ANNOTATORS = ['ana', 'bo', 'cy', 'dee'];
/** A label outside the schema with a field separator in it, and a span id with a span separator: the packed read must give way to rows. */
const ODD_LABEL = 'ODD\u001fLABEL';
const ODD_ID = 'odd\u001eid';

const WORDS = 'troops shelled the town near the river while officials counted the dead and the wounded fled north'.split(' ');
const LABELS = ['ACTOR', 'LOCATION', 'WEAPON', 'CASUALTY_COUNT', 'RUMOUR'];

/**
 * A varied corpus in a real database: four annotators with every status (and none), spans that
 * nest, overlap, cut across each other and carry attributes, labels outside the schema, text with
 * characters outside the BMP, a span past the end of its text (the document is left out), and the
 * odd label and id above.
 */
async function corpus(documents: number): Promise<{ workbench: Workbench; projectId: string; oddDocument: string }> {
  const workbench = await openWorkbench(join(tempDir(), 'parallel.db'), { logger: quiet });
  const projectId = activeProject(workbench.context).id;
  for (const id of ANNOTATORS) insertAnnotator(workbench.db, { id, name: id.toUpperCase(), role: 'annotator', createdAt: NOW });
  const next = seededRandom(11);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  let spanId = 0;
  let oddDocument = '';
  workbench.db.transaction(() => {
    for (let d = 0; d < documents; d++) {
      const words = Array.from({ length: 20 + Math.floor(next() * 40) }, () => (next() < 0.05 ? '🙂' : pick(WORDS)));
      const text = `Report ${d}: ${words.join(' ')}.`;
      const length = [...text].length;
      const document = addDocument(workbench.context, { projectId, title: `Report ${d}`, text });
      const mentions = Array.from({ length: Math.floor(next() * 8) }, () => {
        const start = Math.floor(next() * (length - 12));
        return { start, end: start + 1 + Math.floor(next() * 10), label: pick(LABELS.slice(0, 4)) };
      });
      for (const annotatorId of ANNOTATORS) {
        const roll = next();
        const status: DocumentStatus | null = roll < 0.1 ? null : roll < 0.15 ? 'skipped' : roll < 0.22 ? 'in_progress' : roll < 0.25 ? 'todo' : 'done';
        if (status) setDocumentStatus(workbench.db, document.id, annotatorId, status, NOW);
        const spans = mentions
          .filter(() => next() > 0.15)
          .map((mention): { start: number; end: number; label: string; attributes: Record<string, string> } => ({
            ...mention,
            end: next() < 0.1 ? mention.end + 1 : mention.end,
            label: next() < 0.08 ? pick(LABELS) : mention.label,
            attributes: next() < 0.5 ? { kind: pick(['a', 'b', 'c']) } : {},
          }));
        if (next() < 0.1) spans.push({ start: 0, end: 6, label: 'ACTOR', attributes: {} }); // nests or overlaps with others at 0
        if (d === 7) {
          setDocumentStatus(workbench.db, document.id, annotatorId, 'done', NOW);
          if (annotatorId === 'bo') spans.push({ start: 2, end: length + 3, label: 'LOCATION', attributes: {} }); // past the end
        }
        if (d === 12) {
          oddDocument = document.id;
          setDocumentStatus(workbench.db, document.id, annotatorId, 'done', NOW);
          spans.push({ start: 1, end: 4, label: annotatorId === 'cy' ? ODD_LABEL : 'WEAPON', attributes: { kind: 'odd' } });
        }
        for (const span of spans) {
          const id = d === 12 && annotatorId === 'ana' && span.label === 'WEAPON' && span.start === 1 ? ODD_ID : `${annotatorId}-${spanId++}`;
          insertManualSpan(workbench.db, {
            id,
            documentId: document.id,
            annotatorId,
            start: span.start,
            end: span.end,
            label: span.label,
            attributes: span.attributes,
            quote: [...text].slice(span.start, span.end).join(''),
            at: NOW,
            deleted: next() < 0.03,
          });
        }
      }
    }
  })();
  return { workbench, projectId, oddDocument };
}

const REQUESTS: Omit<AgreementRequest, 'projectId'>[] = [
  {},
  { counting: 'done-or-annotated', tokenizer: { kind: 'regex', pattern: '\\w+|[^\\w\\s]' } },
  { annotators: ['dee', 'ana', 'cy'], labels: ['LOCATION', ODD_LABEL, 'RUMOUR'] },
];

describe('agreement shared between threads', () => {
  it('gives exactly the single-thread summary, rows in the same order, whatever the threads and chunks', async () => {
    const { workbench, projectId } = await corpus(160);
    for (const request of REQUESTS) {
      const single = computeAgreement(workbench.db, { projectId, ...request });
      expect(single.documents.compared).toBeGreaterThan(50);
      // Bo's span past the end of Report 7 leaves it out, when Bo is compared.
      expect(single.documents.excluded.map((exclusion) => exclusion.title)).toEqual(
        request.annotators && !request.annotators.includes('bo') ? [] : ['Report 7'],
      );
      for (const options of [
        { threads: 2, minDocumentsPerThread: 1, chunkDocuments: 7 },
        { threads: 4, minDocumentsPerThread: 1, chunkDocuments: 1 },
        { threads: 3, minDocumentsPerThread: 1 },
      ]) {
        const parallel = await computeAgreementInParallel(workbench.db, { projectId, ...request }, {}, options);
        // Byte for byte: the same figures, reasons, rows and row order.
        expect(JSON.stringify(parallel)).toBe(JSON.stringify(single));
      }
    }
    workbench.close();
  });

  it('is what the job runs: every row, sorted by disagreement', async () => {
    const { workbench, projectId } = await corpus(80);
    const single = computeAgreement(workbench.db, { projectId });
    const run = await runAgreement(workbench.db, { projectId }, {}, { threads: 2, minDocumentsPerThread: 1, chunkDocuments: 10 });
    expect(JSON.stringify(run)).toBe(
      JSON.stringify({ ...single, perDocument: byDisagreement(single.perDocument), perDocumentTotal: single.perDocument.length }),
    );
    workbench.close();
  });

  it('reads a label and an id holding the packing separators exactly (row by row for that page)', async () => {
    const { workbench, projectId, oddDocument } = await corpus(20);
    const [document] = [...readAgreementDocuments(workbench.db, projectId, ANNOTATORS)].filter((entry) => entry.documentId === oddDocument);
    const spansOf = (annotatorId: string) => document!.work.find((work) => work.annotatorId === annotatorId)!.spans;
    expect(spansOf('ana')).toContainEqual({ id: ODD_ID, start: 1, end: 4, label: 'WEAPON', attributes: { kind: 'odd' } });
    expect(spansOf('cy')).toContainEqual(expect.objectContaining({ start: 1, end: 4, label: ODD_LABEL, attributes: { kind: 'odd' } }));
    // Every live annotator-layer span, no more, no fewer.
    const stored = workbench.db
      .prepare(`SELECT count(*) FROM annotation WHERE document_id = ? AND layer = 'annotator' AND deleted = 0`)
      .pluck()
      .get(oddDocument) as number;
    expect(document!.work.reduce((sum, work) => sum + work.spans.length, 0)).toBe(stored);
    workbench.close();
  });

  it('reports progress over every thread up to the total, and stops every thread when cancelled', async () => {
    const { workbench, projectId } = await corpus(150);
    const total = computeAgreement(workbench.db, { projectId }).documents.total;
    const done: number[] = [];
    await computeAgreementInParallel(
      workbench.db,
      { projectId },
      { progress: (update) => done.push(update.done) },
      { threads: 2, minDocumentsPerThread: 1, chunkDocuments: 20 },
    );
    expect(done.at(-1)).toBe(total);
    expect(done.every((value) => value <= total)).toBe(true);
    await expect(
      computeAgreementInParallel(workbench.db, { projectId }, { isCancelled: () => true }, { threads: 2, minDocumentsPerThread: 1, chunkDocuments: 20 }),
    ).rejects.toMatchObject({ code: 'cancelled' });
    workbench.close();
  });

  it('counts again in one snapshot when another connection commits while the threads read', async () => {
    const { workbench, projectId } = await corpus(150);
    const path = workbench.db.name;
    const before = computeAgreement(workbench.db, { projectId });
    const writer = new Database(path);
    let written = false;
    // A span deleted by another connection while this thread counts its first chunks.
    const summary = await computeAgreementInParallel(
      workbench.db,
      { projectId },
      {
        progress: () => {
          if (written) return;
          written = true;
          writer
            .prepare(
              `UPDATE annotation SET deleted = 1 WHERE id = (SELECT n.id FROM annotation n
                 JOIN document_status s ON s.document_id = n.document_id AND s.annotator_id = n.annotator_id AND s.status = 'done'
                WHERE n.layer = 'annotator' AND n.deleted = 0 AND n.label = 'ACTOR' LIMIT 1)`,
            )
            .run();
        },
      },
      { threads: 2, minDocumentsPerThread: 1, chunkDocuments: 20 },
    );
    writer.close();
    expect(written).toBe(true);
    const after = computeAgreement(workbench.db, { projectId });
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
    expect(JSON.stringify(summary)).toBe(JSON.stringify(after));
    workbench.close();
  });

  it('refuses thread and chunk options that are not positive integers, naming the option', async () => {
    const { workbench, projectId } = await corpus(10);
    for (const [options, name] of [
      [{ threads: 2, minDocumentsPerThread: 1, chunkDocuments: 0 }, 'chunkDocuments'],
      [{ threads: Number.NaN }, 'threads'],
      [{ threads: 2, minDocumentsPerThread: 1.5 }, 'minDocumentsPerThread'],
    ] as const) {
      await expect(computeAgreementInParallel(workbench.db, { projectId }, {}, options)).rejects.toThrow(name);
    }
    workbench.close();
  });

  it('refuses a bad token pattern before starting any thread', async () => {
    const { workbench, projectId } = await corpus(10);
    await expect(
      computeAgreementInParallel(workbench.db, { projectId, tokenizer: { kind: 'regex', pattern: '\\w*' } }, {}, { threads: 2, minDocumentsPerThread: 1 }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    workbench.close();
  });
});
