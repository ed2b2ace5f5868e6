import { prepareCached } from './statementCache';
import type { Db } from './types';

/** Records that an annotator should annotate a document; an assignment already there is kept as it is. Returns whether a row was added. */
export function insertAssignment(db: Db, projectId: string, documentId: string, annotatorId: string, assignedAt: string): boolean {
  return (
    prepareCached(
      db,
      `INSERT INTO assignment (project_id, document_id, annotator_id, assigned_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (document_id, annotator_id) DO NOTHING`,
    ).run(projectId, documentId, annotatorId, assignedAt).changes === 1
  );
}

/** Whether an annotator has any document assigned in a project (their queue is then the assigned documents). */
export function hasAssignments(db: Db, projectId: string, annotatorId: string): boolean {
  return (
    prepareCached<[string, string], { one: number }>(db, 'SELECT 1 AS one FROM assignment WHERE annotator_id = ? AND project_id = ? LIMIT 1').get(
      annotatorId,
      projectId,
    ) !== undefined
  );
}

/** How many documents each annotator has assigned in a project. */
export function assignedCounts(db: Db, projectId: string): Map<string, number> {
  const rows = prepareCached<[string], { annotator_id: string; n: number }>(
    db,
    'SELECT annotator_id, count(*) AS n FROM assignment WHERE project_id = ? GROUP BY annotator_id',
  ).all(projectId);
  return new Map(rows.map((row) => [row.annotator_id, row.n]));
}

/** One annotator's progress in a project: assigned documents, statuses (over assigned and self-started documents) and live spans. */
export type TeamProgressRow = {
  annotatorId: string;
  assigned: number;
  done: number;
  inProgress: number;
  skipped: number;
  assignedWithStatus: number;
  spans: number;
};

/** Every annotator's progress in a project, by annotator id (the Team view). */
export function teamProgress(db: Db, projectId: string): Map<string, TeamProgressRow> {
  const rows = prepareCached<[string, string, string], TeamProgressRow>(
    db,
    `SELECT an.id AS annotatorId,
            (SELECT count(*) FROM assignment a WHERE a.project_id = ? AND a.annotator_id = an.id) AS assigned,
            count(CASE WHEN s.status = 'done' THEN 1 END) AS done,
            count(CASE WHEN s.status = 'in_progress' THEN 1 END) AS inProgress,
            count(CASE WHEN s.status = 'skipped' THEN 1 END) AS skipped,
            count(CASE WHEN s.status <> 'todo' AND EXISTS (SELECT 1 FROM assignment a WHERE a.document_id = s.document_id AND a.annotator_id = an.id) THEN 1 END)
              AS assignedWithStatus,
            (SELECT count(*) FROM annotation x JOIN document dx ON dx.id = x.document_id
              WHERE x.annotator_id = an.id AND x.layer = 'annotator' AND x.deleted = 0 AND dx.project_id = ?) AS spans
       FROM annotator an
       LEFT JOIN document_status s ON s.annotator_id = an.id AND s.document_id IN (SELECT id FROM document WHERE project_id = ?)
      GROUP BY an.id`,
  ).all(projectId, projectId, projectId);
  return new Map(rows.map((row) => [row.annotatorId, row]));
}
