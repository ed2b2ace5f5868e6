import { prepareCached } from './statementCache';
import type { Db } from './types';

/** A document's adjudication state: started (`in_progress`) or marked adjudicated (`done`). */
export type AdjudicationState = 'in_progress' | 'done';

/** A document's adjudication row (migration 0050). */
export type AdjudicationRow = { documentId: string; adjudicatorId: string; status: AdjudicationState; revision: number; updatedAt: string };

type Row = { document_id: string; adjudicator_id: string; status: AdjudicationState; revision: number; updated_at: string };

/** A document's adjudication row, or null when no one has started its gold layer. */
export function getAdjudication(db: Db, documentId: string): AdjudicationRow | null {
  const row = prepareCached<[string], Row>(db, 'SELECT document_id, adjudicator_id, status, revision, updated_at FROM adjudication WHERE document_id = ?').get(
    documentId,
  );
  return row ? { documentId: row.document_id, adjudicatorId: row.adjudicator_id, status: row.status, revision: row.revision, updatedAt: row.updated_at } : null;
}

/** Sets a document's adjudication state, stamping the adjudicator and raising the revision when it changes. */
export function setAdjudication(db: Db, documentId: string, adjudicatorId: string, status: AdjudicationState, now: string): void {
  prepareCached(
    db,
    `INSERT INTO adjudication (document_id, adjudicator_id, status, revision, updated_at) VALUES (?, ?, ?, 1, ?)
     ON CONFLICT (document_id) DO UPDATE SET adjudicator_id = excluded.adjudicator_id, status = excluded.status, revision = revision + 1,
       updated_at = excluded.updated_at
     WHERE status <> excluded.status OR adjudicator_id <> excluded.adjudicator_id`,
  ).run(documentId, adjudicatorId, status, now);
}

/** Records that a document's adjudication has started, unless it already has a state (a finished one stays finished). */
export function markAdjudicationStarted(db: Db, documentId: string, adjudicatorId: string, now: string): void {
  prepareCached(
    db,
    `INSERT INTO adjudication (document_id, adjudicator_id, status, revision, updated_at) VALUES (?, ?, 'in_progress', 1, ?)
     ON CONFLICT (document_id) DO NOTHING`,
  ).run(documentId, adjudicatorId, now);
}

/** The adjudication states of the documents with `seq` in (fromSeq, toSeq] (an export's page). */
export function adjudicationsOfPage(db: Db, projectId: string, fromSeq: number, toSeq: number): Map<string, AdjudicationState> {
  const rows = prepareCached<[string, number, number], { document_id: string; status: AdjudicationState }>(
    db,
    `SELECT a.document_id, a.status FROM adjudication a JOIN document d ON d.id = a.document_id
      WHERE d.project_id = ? AND d.seq > ? AND d.seq <= ?`,
  ).all(projectId, fromSeq, toSeq);
  return new Map(rows.map((row) => [row.document_id, row.status]));
}

/** Documents to adjudicate and how far it has gone (see {@link adjudicationProgress}). */
export type AdjudicationProgress = { total: number; adjudicated: number; inProgress: number };

/**
 * How far adjudication has gone in a project. The documents to adjudicate are those at least two
 * annotators marked done (the documents agreement compares under its default rule) together with
 * any document whose adjudication has started; a document is adjudicated once marked `done`.
 */
export function adjudicationProgress(db: Db, projectId: string): AdjudicationProgress {
  const row = prepareCached<[string], { total: number; adjudicated: number | null; in_progress: number | null }>(
    db,
    `SELECT count(*) AS total, sum(a.status = 'done') AS adjudicated, sum(a.status = 'in_progress') AS in_progress
       FROM document d LEFT JOIN adjudication a ON a.document_id = d.id
      WHERE d.project_id = ?
        AND (a.document_id IS NOT NULL
             OR (SELECT count(*) FROM document_status s WHERE s.document_id = d.id AND s.status = 'done') >= 2)`,
  ).get(projectId);
  return { total: row?.total ?? 0, adjudicated: row?.adjudicated ?? 0, inProgress: row?.in_progress ?? 0 };
}
