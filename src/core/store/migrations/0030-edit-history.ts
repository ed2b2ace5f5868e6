import type { Db } from '../types';

/**
 * The editor's persistent undo history, and the indexes the document list sorts by.
 *
 * `edit_history` keeps, per document and annotator, one row per editing operation (create,
 * relabel, resize, attribute change, delete, replace). `changes_json` lists every span the
 * operation touched with its state before and after (`null` before = the span did not exist), so
 * undo writes the "before" states back and redo the "after" states: the before-states are the
 * inverse operation. Undo and redo are themselves ordinary durable writes that raise each span's
 * revision. Rows with `undone = 1` form the redo stack; a new operation discards them. History is
 * bookkeeping, not annotation data, so old rows may be trimmed and discarded rows hard-deleted.
 */
export default function migrate0030(db: Db): void {
  db.exec(`
    CREATE TABLE edit_history (
      seq INTEGER PRIMARY KEY,
      document_id TEXT NOT NULL REFERENCES document(id),
      annotator_id TEXT NOT NULL REFERENCES annotator(id),
      description TEXT NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
      changes_json TEXT NOT NULL CHECK (json_valid(changes_json) AND json_type(changes_json) = 'array'),
      undone INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1)),
      created_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX edit_history_by_document ON edit_history(document_id, annotator_id, undone, seq);

    -- The document list sorts 100,000 documents by these without a temporary sort; the implicit
    -- rowid (seq) at the end of each index is the tie-breaker, so pages are stable.
    CREATE INDEX document_by_title ON document(project_id, title COLLATE NOCASE);
    CREATE INDEX document_by_published ON document(project_id, published_at);
    CREATE INDEX document_by_source ON document(project_id, source COLLATE NOCASE);
    -- An annotator's status of one document, and the documents in one status, each from one
    -- covering index (the list filters and sorts by status over 100,000 documents).
    CREATE INDEX document_status_lookup ON document_status(annotator_id, document_id, status);
    CREATE INDEX document_status_by_status ON document_status(annotator_id, status, document_id);

    -- Overlap checks look back a bounded distance along the start index; the rare long spans
    -- (1,000 code points or more, see store/annotations.ts) are found through this small index.
    CREATE INDEX annotation_long_spans ON annotation(document_id, layer, annotator_id) WHERE "end" - start >= 1000;
  `);
}
