import type { Attributes } from '../../shared/contract/schemas';
import { prepareCached } from './statementCache';
import type { Db } from './types';

/** The editable state of a span: what undo and redo write back. */
export type SpanState = { start: number; end: number; label: string; attributes: Attributes; quote: string; deleted: boolean };

/** One span an operation touched: its state before (null: it did not exist yet) and after. */
export type SpanChange = { id: string; before: SpanState | null; after: SpanState };

/** One recorded operation. */
export type HistoryEntry = { seq: number; description: string; changes: SpanChange[]; undone: boolean };

/** How many operations are kept per document and annotator; older ones are trimmed. */
export const HISTORY_LIMIT = 1000;

type HistoryRow = { seq: number; description: string; changes_json: string; undone: 0 | 1 };

function fromRow(row: HistoryRow): HistoryEntry {
  return { seq: row.seq, description: row.description, changes: JSON.parse(row.changes_json) as SpanChange[], undone: row.undone === 1 };
}

/**
 * Records an operation: the redo stack is discarded (a new edit ends it, as in every editor) and
 * entries beyond {@link HISTORY_LIMIT} are trimmed. Call inside the operation's transaction.
 */
export function recordEdit(db: Db, documentId: string, annotatorId: string, description: string, changes: SpanChange[], now: string): void {
  prepareCached(db, 'DELETE FROM edit_history WHERE document_id = ? AND annotator_id = ? AND undone = 1').run(documentId, annotatorId);
  const result = prepareCached(
    db,
    'INSERT INTO edit_history (document_id, annotator_id, description, changes_json, undone, created_at) VALUES (?, ?, ?, ?, 0, ?)',
  ).run(documentId, annotatorId, description.slice(0, 200), JSON.stringify(changes), now);
  if (result.changes !== 1) throw new Error('recording an edit wrote no row');
  prepareCached(
    db,
    `DELETE FROM edit_history WHERE document_id = @documentId AND annotator_id = @annotatorId AND seq <= (
       SELECT seq FROM edit_history WHERE document_id = @documentId AND annotator_id = @annotatorId ORDER BY seq DESC LIMIT 1 OFFSET @keep)`,
  ).run({ documentId, annotatorId, keep: HISTORY_LIMIT });
}

/** The operation an undo would revert (the latest one not undone), or null. */
export function nextUndo(db: Db, documentId: string, annotatorId: string): HistoryEntry | null {
  const row = prepareCached<[string, string], HistoryRow>(
    db,
    `SELECT seq, description, changes_json, undone FROM edit_history
      WHERE document_id = ? AND annotator_id = ? AND undone = 0 ORDER BY seq DESC LIMIT 1`,
  ).get(documentId, annotatorId);
  return row ? fromRow(row) : null;
}

/** The operation a redo would re-apply (the earliest one undone), or null. */
export function nextRedo(db: Db, documentId: string, annotatorId: string): HistoryEntry | null {
  const row = prepareCached<[string, string], HistoryRow>(
    db,
    `SELECT seq, description, changes_json, undone FROM edit_history
      WHERE document_id = ? AND annotator_id = ? AND undone = 1 ORDER BY seq ASC LIMIT 1`,
  ).get(documentId, annotatorId);
  return row ? fromRow(row) : null;
}

/** Marks an operation undone or redone. */
export function setUndone(db: Db, seq: number, undone: boolean): void {
  const result = prepareCached(db, 'UPDATE edit_history SET undone = ? WHERE seq = ?').run(undone ? 1 : 0, seq);
  if (result.changes !== 1) throw new Error(`history entry ${seq} vanished`);
}
