import type { CountingRule } from '../../shared/contract/methods/agreement';
import type { DocumentStatus } from '../../shared/contract/methods/documents';
import { prepareCached } from '../store/statementCache';
import type { Db } from '../store/types';
import { AttributeCache, LabelInterner, PACKED_SPANS_SQL, unpackSpans } from './packedSpans';
import type { AgreementDocument, AgreementSpan, AnnotatorWork } from './types';

/**
 * Reads what agreement compares from the store: every annotator's live spans on the annotator
 * layer (never the gold layer, never tombstones) and their document status. Documents are read a
 * page at a time, so memory holds one page, not the corpus. Call inside one read transaction for a
 * consistent snapshot (computeAgreement does).
 */

/**
 * An annotator with the adjudicator role is not among the default annotators: their document
 * status is about the gold layer (docs/formats.md, "Export"), so a `done` of theirs with no
 * annotator-layer spans is not a statement that the text holds no entity. Named, they count.
 */
const NOT_ADJUDICATOR = `role <> 'adjudicator'`;

/**
 * The annotators who count for at least one document of a project under a counting rule (see
 * participation.ts), by name then id, adjudicators left out. Under `done` this reads only document
 * statuses; under `done-or-annotated` it also looks for live spans on documents not skipped.
 */
export function listCountingAnnotators(db: Db, projectId: string, rule: CountingRule): { id: string; name: string }[] {
  const done = `SELECT s.annotator_id FROM document_status s JOIN document d ON d.id = s.document_id WHERE d.project_id = ? AND s.status = 'done'`;
  if (rule === 'done') {
    return prepareCached<[string], { id: string; name: string }>(
      db,
      `SELECT id, name FROM annotator WHERE id IN (${done}) AND ${NOT_ADJUDICATOR} ORDER BY name, id`,
    ).all(projectId);
  }
  return prepareCached<[string, string], { id: string; name: string }>(
    db,
    `SELECT id, name FROM annotator
      WHERE id IN (${done}
                   UNION
                   SELECT n.annotator_id FROM annotation n JOIN document d ON d.id = n.document_id
                    WHERE d.project_id = ? AND n.layer = 'annotator' AND n.deleted = 0
                      AND NOT EXISTS (SELECT 1 FROM document_status s
                                       WHERE s.document_id = n.document_id AND s.annotator_id = n.annotator_id AND s.status = 'skipped'))
        AND ${NOT_ADJUDICATOR}
      ORDER BY name, id`,
  ).all(projectId, projectId);
}

/** Annotators by id, in the order given; ids not in the store are left out. */
export function getAnnotatorNames(db: Db, ids: readonly string[]): { id: string; name: string }[] {
  const rows = prepareCached<[string], { id: string; name: string }>(db, 'SELECT id, name FROM annotator WHERE id IN (SELECT value FROM json_each(?))').all(
    JSON.stringify(ids),
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Whether any live annotator-layer span of a project has this label (for checking a label the schema does not have). */
export function isLabelInUse(db: Db, projectId: string, label: string): boolean {
  return (
    prepareCached<[string, string], { found: number }>(
      db,
      `SELECT 1 AS found FROM annotation n JOIN document d ON d.id = n.document_id
        WHERE n.label = ? AND d.project_id = ? AND n.layer = 'annotator' AND n.deleted = 0 LIMIT 1`,
    ).get(label, projectId) !== undefined
  );
}

type DocumentRow = { seq: number; id: string; title: string; text_sha256: string; text: string };
type StatusRow = { document_id: string; annotator_id: string; status: DocumentStatus };
/** document seq, annotator id, span count, the spans packed into one string (packedSpans.ts). */
type SpanGroupRow = [number, string, number, string];
/** document seq, annotator id, span id, start, end, label, attributes JSON (raw rows: about a third cheaper than objects). */
type SpanRow = [number, string, string, number, number, string, string];

/** Rows of annotation work for a range of documents (by seq). */
const STATUS_SQL = `SELECT s.document_id, s.annotator_id, s.status FROM document_status s JOIN document d ON d.id = s.document_id
    WHERE d.project_id = ? AND d.seq BETWEEN ? AND ? AND s.annotator_id IN (SELECT value FROM json_each(?))`;
const SPANS_FROM = `FROM document d
    JOIN annotation n ON n.document_id = d.id AND n.layer = 'annotator' AND n.deleted = 0
    WHERE d.project_id = ? AND d.seq BETWEEN ? AND ? AND n.annotator_id IN (SELECT value FROM json_each(?))`;
/** One row per document and annotator with every span packed (the common case). */
const SPAN_GROUP_SQL = `SELECT d.seq, n.annotator_id, ${PACKED_SPANS_SQL} ${SPANS_FROM} GROUP BY d.seq, n.annotator_id`;
/** A row per span, for a group whose labels or ids hold a separator (see packedSpans.ts). */
const SPAN_SQL = `SELECT d.seq, n.annotator_id, n.id, n.start, n."end", n.label, n.attributes_json ${SPANS_FROM}`;

/**
 * The project's documents in import order, each with the selected annotators' work on it. Today
 * every annotator annotated the stored text, so each work's text hash is the document's; work
 * merged from other machines will carry its own. `afterSeq` and `throughSeq` bound the documents
 * by seq (after one, up to and including the other), for reading a corpus in parts.
 */
export function* readAgreementDocuments(
  db: Db,
  projectId: string,
  annotatorIds: readonly string[],
  { pageSize = 50, afterSeq = -1, throughSeq = Number.MAX_SAFE_INTEGER }: { pageSize?: number; afterSeq?: number; throughSeq?: number } = {},
): Generator<AgreementDocument> {
  const annotators = JSON.stringify(annotatorIds);
  const attributes = new AttributeCache();
  const labels = new LabelInterner();
  let after = afterSeq;
  for (;;) {
    const documents = prepareCached<[string, number, number, number], DocumentRow>(
      db,
      'SELECT seq, id, title, text_sha256, text FROM document WHERE project_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
    ).all(projectId, after, throughSeq, pageSize);
    if (documents.length === 0) return;
    const first = documents[0]!.seq;
    const last = documents[documents.length - 1]!.seq;
    const statuses = prepareCached<[string, number, number, string], StatusRow>(db, STATUS_SQL).all(projectId, first, last, annotators);
    const groups = prepareCached<[string, number, number, string], SpanGroupRow>(db, SPAN_GROUP_SQL).raw(true).all(projectId, first, last, annotators);
    const idOfSeq = new Map(documents.map((document) => [document.seq, document.id]));

    const work = new Map<string, Map<string, { status: DocumentStatus; spans: AgreementSpan[] }>>();
    const entry = (documentId: string, annotatorId: string) => {
      let perDocument = work.get(documentId);
      if (!perDocument) {
        perDocument = new Map();
        work.set(documentId, perDocument);
      }
      let perAnnotator = perDocument.get(annotatorId);
      if (!perAnnotator) {
        // No status row means the annotator never changed it: 'todo', as documentStatus.ts reads it.
        perAnnotator = { status: 'todo', spans: [] };
        perDocument.set(annotatorId, perAnnotator);
      }
      return perAnnotator;
    };
    for (const row of statuses) entry(row.document_id, row.annotator_id).status = row.status;
    let unpackable = false;
    for (const [seq, annotatorId, count, packed] of groups) {
      const spans = unpackSpans(packed, count, labels, attributes);
      if (spans) entry(idOfSeq.get(seq)!, annotatorId).spans = spans;
      else unpackable = true;
    }
    if (unpackable) {
      // Rare (a label or id holding U+001E or U+001F, or an offset over 15 digits): read the page's spans row by row instead.
      for (const perDocument of work.values()) for (const perAnnotator of perDocument.values()) perAnnotator.spans = [];
      const spans = prepareCached<[string, number, number, string], SpanRow>(db, SPAN_SQL).raw(true).all(projectId, first, last, annotators);
      for (const [seq, annotatorId, id, start, end, label, json] of spans) {
        entry(idOfSeq.get(seq)!, annotatorId).spans.push({ id, start, end, label, attributes: attributes.parse(json, id) });
      }
    }
    for (const document of documents) {
      const perDocument = work.get(document.id);
      const annotatorWork: AnnotatorWork[] = perDocument
        ? [...perDocument].map(([annotatorId, { status, spans: annotatorSpans }]) => ({
            annotatorId,
            status,
            spans: annotatorSpans,
            textSha256: document.text_sha256,
          }))
        : [];
      yield { documentId: document.id, title: document.title, text: document.text, textSha256: document.text_sha256, work: annotatorWork };
    }
    after = last;
  }
}

/** One document with the selected annotators' work, or null. */
export function readAgreementDocument(db: Db, documentId: string, annotatorIds: readonly string[]): AgreementDocument | null {
  const row = prepareCached<[string], { project_id: string; seq: number }>(db, 'SELECT project_id, seq FROM document WHERE id = ?').get(documentId);
  if (!row) return null;
  // A page of one, starting just before the document, is exactly the document.
  for (const document of readAgreementDocuments(db, row.project_id, annotatorIds, { pageSize: 1, afterSeq: row.seq - 1 })) return document;
  return null;
}
