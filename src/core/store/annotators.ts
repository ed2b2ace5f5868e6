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
