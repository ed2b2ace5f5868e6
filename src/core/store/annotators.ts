import type { Annotator } from '../../shared/contract/methods/app';
import { prepareCached } from './statementCache';
import type { Db } from './types';

type AnnotatorRow = { id: string; name: string; role: Annotator['role']; created_at: string };

/** Inserts an annotator. */
export function insertAnnotator(db: Db, annotator: Annotator): void {
  prepareCached(db, 'INSERT INTO annotator (id, name, role, created_at) VALUES (?, ?, ?, ?)').run(
    annotator.id,
    annotator.name,
    annotator.role,
    annotator.createdAt,
  );
}

/** Renames an annotator. */
export function renameAnnotator(db: Db, id: string, name: string): void {
  prepareCached(db, 'UPDATE annotator SET name = ? WHERE id = ?').run(name, id);
}

/** Reads an annotator, or null. */
export function getAnnotator(db: Db, id: string): Annotator | null {
  const row = prepareCached<[string], AnnotatorRow>(db, 'SELECT id, name, role, created_at FROM annotator WHERE id = ?').get(id);
  return row ? { id: row.id, name: row.name, role: row.role, createdAt: row.created_at } : null;
}

/** The oldest annotator with this exact name, or null (imports attach spans to annotators by name). */
export function findAnnotatorByName(db: Db, name: string): Annotator | null {
  const row = prepareCached<[string], AnnotatorRow>(db, 'SELECT id, name, role, created_at FROM annotator WHERE name = ? ORDER BY created_at, id LIMIT 1').get(
    name,
  );
  return row ? { id: row.id, name: row.name, role: row.role, createdAt: row.created_at } : null;
}

/** Sets an annotator's name and role (a merged bundle carries the newest ones). */
export function updateAnnotatorIdentity(db: Db, id: string, name: string, role: Annotator['role']): void {
  prepareCached(db, 'UPDATE annotator SET name = ?, role = ? WHERE id = ?').run(name, role, id);
}

/** Keeps the earlier of two creation times for an annotator known from several installations. */
export function keepEarliestCreatedAt(db: Db, id: string, createdAt: string): void {
  prepareCached(db, 'UPDATE annotator SET created_at = ? WHERE id = ? AND created_at > ?').run(createdAt, id, createdAt);
}

/**
 * Removes an annotator who never did anything (no span, status, assignment, edit or bundle):
 * the name typed at first run, once the installation takes on the identity a package carries.
 * An annotator with any work is kept. Returns whether the row was removed.
 */
export function removeIdleAnnotator(db: Db, id: string): boolean {
  return (
    prepareCached(
      db,
      `DELETE FROM annotator WHERE id = @id
         AND NOT EXISTS (SELECT 1 FROM annotation WHERE annotator_id = @id)
         AND NOT EXISTS (SELECT 1 FROM document_status WHERE annotator_id = @id)
         AND NOT EXISTS (SELECT 1 FROM assignment WHERE annotator_id = @id)
         AND NOT EXISTS (SELECT 1 FROM edit_history WHERE annotator_id = @id)
         AND NOT EXISTS (SELECT 1 FROM bundle_import WHERE annotator_id = @id)`,
    ).run({ id }).changes === 1
  );
}
