import type { Annotation, AnnotationOrigin } from '../../shared/contract/methods/annotations';
import type { Attributes } from '../../shared/contract/schemas';
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

/** One span by id, deleted or not. */
export function getAnnotation(db: Db, id: string): StoredAnnotation | null {
  const row = prepareCached<[string], AnnotationRow>(db, `SELECT ${COLUMNS} FROM annotation WHERE id = ?`).get(id);
  return row ? fromRow(row) : null;
}

/** Live spans of an annotator and layer that share at least one character with [start, end). */
export function findOverlapping(db: Db, documentId: string, annotatorId: string, layer: AnnotationLayer, start: number, end: number): StoredAnnotation[] {
  return prepareCached<[string, string, string, number, number], AnnotationRow>(
    db,
    `SELECT ${COLUMNS} FROM annotation
        WHERE document_id = ? AND layer = ? AND annotator_id = ? AND deleted = 0 AND start < ? AND "end" > ?
        ORDER BY start`,
  )
    .all(documentId, layer, annotatorId, end, start)
    .map(fromRow);
}

/** Whether an annotation id is taken (imports keep the canonical format's span ids). */
export function annotationExists(db: Db, id: string): boolean {
  return prepareCached<[string], { one: number }>(db, 'SELECT 1 AS one FROM annotation WHERE id = ?').get(id) !== undefined;
}
