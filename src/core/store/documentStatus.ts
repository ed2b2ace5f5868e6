import type { DocumentStatus } from '../../shared/contract/methods/documents';
import { prepareCached } from './statementCache';
import type { Db } from './types';

/**
 * Sets an annotator's status for a document, raising its revision so offline copies merge by
 * "later revision wins".
 */
export function setDocumentStatus(db: Db, documentId: string, annotatorId: string, status: DocumentStatus, now: string): void {
  prepareCached(
    db,
    `INSERT INTO document_status (document_id, annotator_id, status, revision, updated_at) VALUES (?, ?, ?, 1, ?)
     ON CONFLICT (document_id, annotator_id) DO UPDATE SET status = excluded.status, revision = revision + 1, updated_at = excluded.updated_at
     WHERE status <> excluded.status`,
  ).run(documentId, annotatorId, status, now);
}

/** Records a status only where the annotator has none yet; an existing status is left as it is. */
export function setDocumentStatusIfAbsent(db: Db, documentId: string, annotatorId: string, status: DocumentStatus, now: string): void {
  prepareCached(
    db,
    `INSERT INTO document_status (document_id, annotator_id, status, revision, updated_at) VALUES (?, ?, ?, 1, ?)
     ON CONFLICT (document_id, annotator_id) DO NOTHING`,
  ).run(documentId, annotatorId, status, now);
}

/** An annotator's status for a document ('todo' when never set). */
export function getDocumentStatus(db: Db, documentId: string, annotatorId: string): DocumentStatus {
  const row = prepareCached<[string, string], { status: DocumentStatus }>(
    db,
    'SELECT status FROM document_status WHERE document_id = ? AND annotator_id = ?',
  ).get(documentId, annotatorId);
  return row?.status ?? 'todo';
}

/** An annotator's stored status row for a document (with its revision), or null when never set. */
export function getDocumentStatusRow(db: Db, documentId: string, annotatorId: string): { status: DocumentStatus; revision: number } | null {
  return (
    prepareCached<[string, string], { status: DocumentStatus; revision: number }>(
      db,
      'SELECT status, revision FROM document_status WHERE document_id = ? AND annotator_id = ?',
    ).get(documentId, annotatorId) ?? null
  );
}

/** A status row with everything a bundle carries. */
export type StatusRow = { documentId: string; annotatorId: string; status: DocumentStatus; revision: number; updatedAt: string };

/** The full stored status row, or null. */
export function getStatusRowFull(db: Db, documentId: string, annotatorId: string): StatusRow | null {
  return (
    prepareCached<[string, string], StatusRow>(
      db,
      `SELECT document_id AS documentId, annotator_id AS annotatorId, status, revision, updated_at AS updatedAt
         FROM document_status WHERE document_id = ? AND annotator_id = ?`,
    ).get(documentId, annotatorId) ?? null
  );
}

/** Writes a status row exactly as another installation stored it (revision included): a merge's later revision wins as it is. */
export function writeStatusExact(db: Db, row: StatusRow): void {
  prepareCached(
    db,
    `INSERT INTO document_status (document_id, annotator_id, status, revision, updated_at) VALUES (@documentId, @annotatorId, @status, @revision, @updatedAt)
     ON CONFLICT (document_id, annotator_id) DO UPDATE SET status = excluded.status, revision = excluded.revision, updated_at = excluded.updated_at`,
  ).run(row);
}

/** Every status row of one annotator in a project, by document: what a bundle carries. */
export function statusesOfAnnotator(db: Db, projectId: string, annotatorId: string): StatusRow[] {
  return prepareCached<[string, string], StatusRow>(
    db,
    `SELECT s.document_id AS documentId, s.annotator_id AS annotatorId, s.status, s.revision, s.updated_at AS updatedAt
       FROM document_status s JOIN document d ON d.id = s.document_id
      WHERE s.annotator_id = ? AND d.project_id = ? ORDER BY s.document_id`,
  ).all(annotatorId, projectId);
}
