import type { Annotation, AnnotationOrigin, CompactSpan } from '../../shared/contract/methods/annotations';
import type { Attributes } from '../../shared/contract/schemas';
import type { SpanState } from './editHistory';
import { prepareCached } from './statementCache';
import type { Db } from './types';

export type AnnotationLayer = 'annotator' | 'gold';

/** A span row as stored, with the fields the contract does not expose. */
export type StoredAnnotation = Annotation & { layer: AnnotationLayer; originSource: string | null; deleted: boolean };

type AnnotationRow = {
  id: string;
  document_id: string;
  annotator_id: string;
  layer: AnnotationLayer;
  start: number;
  end: number;
  label: string;
  attributes_json: string;
  quote: string;
  origin: AnnotationOrigin;
  origin_source: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
  deleted: 0 | 1;
};

const COLUMNS = `id, document_id, annotator_id, layer, start, "end", label, attributes_json, quote, origin, origin_source, revision, created_at, updated_at, deleted`;

function fromRow(row: AnnotationRow): StoredAnnotation {
  return {
    id: row.id,
    documentId: row.document_id,
    annotatorId: row.annotator_id,
    layer: row.layer,
    start: row.start,
    end: row.end,
    label: row.label,
    attributes: JSON.parse(row.attributes_json) as Attributes,
    quote: row.quote,
    origin: row.origin,
    originSource: row.origin_source,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deleted: row.deleted === 1,
  };
}

/** Inserts a span row; exactly one row must be written. */
export function insertAnnotation(db: Db, annotation: StoredAnnotation): void {
  const result = prepareCached(
    db,
    `INSERT INTO annotation (${COLUMNS})
       VALUES (@id, @documentId, @annotatorId, @layer, @start, @end, @label, @attributes, @quote, @origin, @originSource, @revision, @createdAt, @updatedAt, @deleted)`,
  ).run({ ...annotation, attributes: JSON.stringify(annotation.attributes), deleted: annotation.deleted ? 1 : 0 });
  if (result.changes !== 1) throw new Error(`inserting annotation ${annotation.id} changed ${result.changes} rows`);
}

/** The live (not deleted) spans of one annotator and layer in a document, by start then end. */
export function listLiveAnnotations(db: Db, documentId: string, annotatorId: string, layer: AnnotationLayer = 'annotator'): StoredAnnotation[] {
  return prepareCached<[string, string, string], AnnotationRow>(
    db,
    `SELECT ${COLUMNS} FROM annotation
        WHERE document_id = ? AND layer = ? AND annotator_id = ? AND deleted = 0
        ORDER BY start, "end", id`,
  )
    .all(documentId, layer, annotatorId)
    .map(fromRow);
}

/** The ranges and labels of one annotator's live spans in a layer, by start then end: what choosing suggestions around them needs. */
export function listLiveSpanRanges(
  db: Db,
  documentId: string,
  annotatorId: string,
  layer: AnnotationLayer = 'annotator',
): { start: number; end: number; label: string }[] {
  return prepareCached<[string, string, string], { start: number; end: number; label: string }>(
    db,
    `SELECT start, "end", label FROM annotation
        WHERE document_id = ? AND layer = ? AND annotator_id = ? AND deleted = 0
        ORDER BY start, "end", id`,
  ).all(documentId, layer, annotatorId);
}

/** The live spans of one annotator and layer, as compact tuples (see CompactSpan), by start then end. */
export function listLiveSpansCompact(db: Db, documentId: string, annotatorId: string, layer: AnnotationLayer = 'annotator'): CompactSpan[] {
  return prepareCached<[string, string, string], { id: string; start: number; end: number; label: string; attributes_json: string; revision: number }>(
    db,
    `SELECT id, start, "end", label, attributes_json, revision FROM annotation
        WHERE document_id = ? AND layer = ? AND annotator_id = ? AND deleted = 0
        ORDER BY start, "end", id`,
  )
    .all(documentId, layer, annotatorId)
    .map((row) => [row.id, row.start, row.end, row.label, JSON.parse(row.attributes_json) as Attributes, row.revision]);
}

/** One span by id, deleted or not. */
export function getAnnotation(db: Db, id: string): StoredAnnotation | null {
  const row = prepareCached<[string], AnnotationRow>(db, `SELECT ${COLUMNS} FROM annotation WHERE id = ?`).get(id);
  return row ? fromRow(row) : null;
}

/** Spans at least this long (code points) are found through their own partial index (migration 0020). */
const LONG_SPAN = 1000;

/**
 * Live spans of an annotator and layer that share at least one character with [start, end).
 * A span overlapping it either starts less than LONG_SPAN before `start` (found by a short range
 * of the start index, not a scan of every earlier span) or is itself a long span (found through
 * the partial index of long spans), so the answer is exact and stays fast with 10,000 spans.
 */
export function findOverlapping(db: Db, documentId: string, annotatorId: string, layer: AnnotationLayer, start: number, end: number): StoredAnnotation[] {
  return prepareCached<[Record<string, unknown>], AnnotationRow>(
    db,
    `SELECT ${COLUMNS} FROM annotation
        WHERE document_id = @documentId AND layer = @layer AND annotator_id = @annotatorId AND deleted = 0
          AND start < @end AND start > @start - ${LONG_SPAN} AND "end" > @start
     UNION
     SELECT ${COLUMNS} FROM annotation INDEXED BY annotation_long_spans
        WHERE document_id = @documentId AND layer = @layer AND annotator_id = @annotatorId AND deleted = 0
          AND "end" - start >= ${LONG_SPAN} AND start < @end AND "end" > @start
     ORDER BY start`,
  )
    .all({ documentId, layer, annotatorId, start, end })
    .map(fromRow);
}

/** Whether an annotation id is taken (imports keep the canonical format's span ids). */
export function annotationExists(db: Db, id: string): boolean {
  return prepareCached<[string], { one: number }>(db, 'SELECT 1 AS one FROM annotation WHERE id = ?').get(id) !== undefined;
}

/**
 * Writes a span's editable state (label, offsets, attributes, quote, tombstone), raising its
 * revision and stamping the time; returns the stored row. Exactly one row must change.
 */
export function writeAnnotationState(db: Db, id: string, state: SpanState, now: string): StoredAnnotation {
  const row = prepareCached<[Record<string, unknown>], AnnotationRow>(
    db,
    `UPDATE annotation SET start = @start, "end" = @end, label = @label, attributes_json = @attributes, quote = @quote, deleted = @deleted,
            revision = revision + 1, updated_at = @now
      WHERE id = @id RETURNING ${COLUMNS}`,
  ).get({
    id,
    start: state.start,
    end: state.end,
    label: state.label,
    attributes: JSON.stringify(state.attributes),
    quote: state.quote,
    deleted: state.deleted ? 1 : 0,
    now,
  });
  if (!row) throw new Error(`annotation ${id} vanished while being written`);
  return fromRow(row);
}

/** The editable state of a stored span. */
export function stateOf(annotation: StoredAnnotation): SpanState {
  return {
    start: annotation.start,
    end: annotation.end,
    label: annotation.label,
    attributes: annotation.attributes,
    quote: annotation.quote,
    deleted: annotation.deleted,
  };
}

/**
 * Writes a span row exactly as another installation stored it (every column but its identity:
 * id, document, annotator and layer), without raising the revision: a merged bundle's later
 * revision replaces the local one as it is. Exactly one row must change.
 */
export function overwriteAnnotation(db: Db, annotation: StoredAnnotation): void {
  const result = prepareCached(
    db,
    `UPDATE annotation SET start = @start, "end" = @end, label = @label, attributes_json = @attributes, quote = @quote, origin = @origin,
            origin_source = @originSource, revision = @revision, created_at = @createdAt, updated_at = @updatedAt, deleted = @deleted
      WHERE id = @id AND document_id = @documentId AND annotator_id = @annotatorId AND layer = @layer`,
  ).run({ ...annotation, attributes: JSON.stringify(annotation.attributes), deleted: annotation.deleted ? 1 : 0 });
  if (result.changes !== 1) throw new Error(`overwriting annotation ${annotation.id} changed ${result.changes} rows`);
}

/** Every span row (tombstones included) of one annotator in a project, by document then id: what a bundle carries. */
export function* annotationsOfAnnotator(db: Db, projectId: string, annotatorId: string): Generator<StoredAnnotation> {
  const rows = prepareCached<[string, string], AnnotationRow>(
    db,
    `SELECT ${COLUMNS.split(', ')
      .map((column) => `a.${column}`)
      .join(', ')} FROM annotation a JOIN document d ON d.id = a.document_id
      WHERE a.annotator_id = ? AND d.project_id = ? ORDER BY a.document_id, a.id`,
  ).iterate(annotatorId, projectId);
  for (const row of rows) yield fromRow(row);
}
