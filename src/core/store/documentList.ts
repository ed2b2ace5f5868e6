import type { DocumentSort, DocumentStatus, DocumentSummary } from '../../shared/contract/methods/documents';
import { prepareCached } from './statementCache';
import type { Db } from './types';

/** A filtered, sorted view of a project's documents for one annotator. */
export type DocumentView = {
  projectId: string;
  annotatorId: string | null;
  sort: DocumentSort;
  direction: 'asc' | 'desc';
  statuses?: DocumentStatus[] | undefined;
  query?: string | undefined;
};

const STATUS = "coalesce(s.status, 'todo')";
const STATUS_RANK = `CASE ${STATUS} WHEN 'todo' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'done' THEN 2 ELSE 3 END`;

/** The ORDER BY key of each sort; the title and source keys match the NOCASE indexes of migration 0020. */
const SORT_KEY: Record<DocumentSort, string> = {
  order: 'd.seq',
  title: 'd.title COLLATE NOCASE',
  date: 'd.published_at',
  source: 'd.source COLLATE NOCASE',
  status: STATUS_RANK,
};

type Built = { from: string; where: string; order: string; params: Record<string, string | number | null> };

/**
 * Builds the FROM, WHERE and ORDER BY of a view. The status join is only added when the status is
 * filtered or sorted on, so the common orders walk one index and never touch other tables. The
 * SQL varies only with the view's shape (never with user text), so each shape is prepared once.
 */
function build(view: DocumentView): Built {
  const needsStatus = view.sort === 'status' || view.statuses !== undefined;
  const params: Built['params'] = { projectId: view.projectId };
  const conditions = ['d.project_id = @projectId'];
  if (view.statuses) {
    view.statuses.forEach((status, index) => (params[`status${index}`] = status));
    conditions.push(`${STATUS} IN (${view.statuses.map((_, index) => `@status${index}`).join(', ')})`);
  }
  const query = view.query?.trim();
  if (query) {
    params.pattern = `%${query.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.push(`(d.title LIKE @pattern ESCAPE '\\' OR d.source LIKE @pattern ESCAPE '\\')`);
  }
  let from = 'document d';
  if (needsStatus) {
    params.annotatorId = view.annotatorId;
    from += ' LEFT JOIN document_status s ON s.document_id = d.id AND s.annotator_id = @annotatorId';
  }
  const direction = view.direction === 'desc' ? 'DESC' : 'ASC';
  const order = view.sort === 'order' ? `d.seq ${direction}` : `${SORT_KEY[view.sort]} ${direction}, d.seq ${direction}`;
  return { from, where: conditions.join(' AND '), order, params };
}

/**
 * One page of a view. The page's rows are chosen first by seq alone (walking an index, reading no
 * document row), then only those rows are read and joined with the annotator's status: OFFSET
 * skips index entries, not documents, so a page deep in 100,000 documents stays cheap.
 */
export function listDocumentPage(db: Db, view: DocumentView, offset: number, limit: number): DocumentSummary[] {
  const { from, where, order, params } = build(view);
  const seqs = prepareCached<[Record<string, unknown>], { seq: number }>(
    db,
    `SELECT d.seq FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
  )
    .all({ ...params, limit, offset })
    .map((row) => row.seq);
  if (seqs.length === 0) return [];
  const rows = prepareCached<[string | null, string], Omit<DocumentSummary, 'status'> & { seq: number; status: DocumentStatus | null }>(
    db,
    `SELECT d.seq, d.id, d.title, d.source, d.published_at AS publishedAt, d.char_count AS charCount, s.status
       FROM document d LEFT JOIN document_status s ON s.document_id = d.id AND s.annotator_id = ?
      WHERE d.seq IN (SELECT value FROM json_each(?))`,
  ).all(view.annotatorId, JSON.stringify(seqs));
  const bySeq = new Map(rows.map(({ seq, status, ...row }) => [seq, { ...row, status: status ?? 'todo' }]));
  return seqs.flatMap((seq) => bySeq.get(seq) ?? []);
}

/** How many documents a view holds. */
export function countDocumentsInView(db: Db, view: DocumentView): number {
  const { from, where, params } = build(view);
  return prepareCached<[Record<string, unknown>], { n: number }>(db, `SELECT count(*) AS n FROM ${from} WHERE ${where}`).get(params)?.n ?? 0;
}

/** The 0-based index of a document in a view, or null when the view does not hold it. */
export function locateDocument(db: Db, view: DocumentView, documentId: string): number | null {
  const { from, where, order, params } = build(view);
  const sql = `SELECT position FROM (SELECT d.id, row_number() OVER (ORDER BY ${order}) - 1 AS position FROM ${from} WHERE ${where}) WHERE id = @documentId`;
  return prepareCached<[Record<string, unknown>], { position: number }>(db, sql).get({ ...params, documentId })?.position ?? null;
}

/** How many of a project's documents an annotator has in each non-todo status. */
export function statusCounts(db: Db, projectId: string, annotatorId: string | null): Record<Exclude<DocumentStatus, 'todo'>, number> {
  const counts = { in_progress: 0, done: 0, skipped: 0 };
  if (!annotatorId) return counts;
  const rows = prepareCached<[string, string], { status: DocumentStatus; n: number }>(
    db,
    `SELECT s.status, count(*) AS n FROM document_status s JOIN document d ON d.id = s.document_id
      WHERE s.annotator_id = ? AND d.project_id = ? AND s.status <> 'todo' GROUP BY s.status`,
  ).all(annotatorId, projectId);
  for (const row of rows) if (row.status !== 'todo') counts[row.status] = row.n;
  return counts;
}
