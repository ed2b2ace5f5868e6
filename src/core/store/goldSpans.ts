import type { StoredAnnotation } from './annotations';
import { getAnnotation } from './annotations';
import { prepareCached } from './statementCache';
import type { Db } from './types';

/**
 * Reads of the gold layer. Unlike an annotator's layer, a document has one gold layer whoever
 * wrote its spans (several adjudicators may share it), so these read by document and layer only.
 */

/** The ids of a document's live gold spans, by start, end and id. */
export function listGoldSpanIds(db: Db, documentId: string): string[] {
  return prepareCached<[string], { id: string }>(
    db,
    `SELECT id FROM annotation WHERE document_id = ? AND layer = 'gold' AND deleted = 0 ORDER BY start, "end", id`,
  )
    .all(documentId)
    .map((row) => row.id);
}

/** A document's live gold spans, by start, end and id. */
export function listGoldSpans(db: Db, documentId: string): StoredAnnotation[] {
  return listGoldSpanIds(db, documentId).flatMap((id) => getAnnotation(db, id) ?? []);
}
