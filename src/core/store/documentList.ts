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
  /** Only the documents assigned to this annotator (an annotator who opened a package sees their queue, not the whole project). */
  assignedTo?: string | undefined;
};

/** The statuses in the order "sort by status" shows them. */
const STATUS_ORDER: DocumentStatus[] = ['todo', 'in_progress', 'done', 'skipped'];

const STATUS = "coalesce(s.status, 'todo')";
/** The status join through the covering index of migration 0020 (the planner would pick the primary key and read each row). */
const STATUS_LOOKUP = 'document_status s INDEXED BY document_status_lookup';
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

const hasQuery = (view: DocumentView) => (view.query?.trim() ?? '') !== '';

/**
 * Builds the FROM, WHERE and ORDER BY of a view. The status table is joined only when the status
 * is filtered or sorted on; a filter without "todo" starts from the status index (few rows), one
 * with "todo" walks the documents in the sort's index and looks each status up. The SQL varies
 * only with the view's shape (never with user text), so each shape is prepared once.
 */
function build(view: DocumentView): Built {
  const params: Built['params'] = { projectId: view.projectId };
  const conditions = ['d.project_id = @projectId'];
  let from = 'document d';
  if (view.statuses) {
    params.annotatorId = view.annotatorId;
    view.statuses.forEach((status, index) => (params[`status${index}`] = status));
    const list = view.statuses.map((_, index) => `@status${index}`).join(', ');
    if (view.statuses.includes('todo')) {
      from += ` LEFT JOIN ${STATUS_LOOKUP} ON s.document_id = d.id AND s.annotator_id = @annotatorId`;
      conditions.push(`${STATUS} IN (${list})`);
    } else {
      from = 'document_status s INDEXED BY document_status_by_status JOIN document d ON d.id = s.document_id';
      conditions.push('s.annotator_id = @annotatorId', `s.status IN (${list})`);
    }
  } else if (view.sort === 'status') {
    params.annotatorId = view.annotatorId;
    from += ` LEFT JOIN ${STATUS_LOOKUP} ON s.document_id = d.id AND s.annotator_id = @annotatorId`;
  }
  if (view.assignedTo) {
    params.assignedTo = view.assignedTo;
    conditions.push('EXISTS (SELECT 1 FROM assignment a WHERE a.document_id = d.id AND a.annotator_id = @assignedTo)');
  }
  if (hasQuery(view)) {
    params.pattern = `%${(view.query ?? '').trim().replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.push(`(d.title LIKE @pattern ESCAPE '\\' OR d.source LIKE @pattern ESCAPE '\\')`);
  }
  const direction = view.direction === 'desc' ? 'DESC' : 'ASC';
  const order = view.sort === 'order' ? `d.seq ${direction}` : `${SORT_KEY[view.sort]} ${direction}, d.seq ${direction}`;
  return { from, where: conditions.join(' AND '), order, params };
}

/** The seqs of one page of a view whose order is a single index walk (every sort but status). */
function pageSeqs(db: Db, view: DocumentView, offset: number, limit: number): number[] {
  const { from, where, order, params } = build(view);
  return prepareCached<[Record<string, unknown>], { seq: number }>(db, `SELECT d.seq FROM ${from} WHERE ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit, offset })
    .map((row) => row.seq);
}

/**
 * One page of a view. The page's rows are chosen first by seq alone (walking an index, reading no
 * document row), then only those rows are read and joined with the annotator's status: OFFSET
 * skips index entries, not documents, so a page deep in 100,000 documents stays cheap. Sorting by
 * status reads the statuses one after another (import order within each) instead of sorting
 * every document by status.
 */
export function listDocumentPage(db: Db, view: DocumentView, offset: number, limit: number): DocumentSummary[] {
  let seqs: number[];
  if (view.sort === 'status') {
    seqs = [];
    const groups = view.direction === 'desc' ? [...STATUS_ORDER].reverse() : STATUS_ORDER;
    let skip = offset;
    for (const status of groups) {
      if (view.statuses && !view.statuses.includes(status)) continue;
      const group: DocumentView = { ...view, sort: 'order', statuses: [status] };
      const size = countDocumentsInView(db, group);
      if (skip >= size) {
        skip -= size;
        continue;
      }
      seqs.push(...pageSeqs(db, group, skip, limit - seqs.length));
      skip = 0;
      if (seqs.length >= limit) break;
    }
  } else {
    seqs = pageSeqs(db, view, offset, limit);
  }
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

/**
 * How many documents a view holds. Without a text filter this comes from the status counts and
 * the project's index, never from a scan of the documents.
 */
export function countDocumentsInView(db: Db, view: DocumentView): number {
  if (!hasQuery(view) && !view.assignedTo) {
    const total = prepareCached<[string], { n: number }>(db, 'SELECT count(*) AS n FROM document WHERE project_id = ?').get(view.projectId)?.n ?? 0;
    if (!view.statuses) return total;
    const counts = statusCounts(db, view.projectId, view.annotatorId);
    const todo = total - counts.in_progress - counts.done - counts.skipped;
    return view.statuses.reduce((sum, status) => sum + (status === 'todo' ? todo : counts[status]), 0);
  }
  const { from, where, params } = build({ ...view, sort: 'order' });
  return prepareCached<[Record<string, unknown>], { n: number }>(db, `SELECT count(*) AS n FROM ${from} WHERE ${where}`).get(params)?.n ?? 0;
}

/** The 0-based index of a document in a view, or null when the view does not hold it. */
export function locateDocument(db: Db, view: DocumentView, documentId: string): number | null {
  if (view.sort === 'status') {
    // Find the document's status group, then its place inside the group.
    const status =
      prepareCached<[string | null, string], { status: DocumentStatus }>(
        db,
        'SELECT status FROM document_status WHERE annotator_id = ? AND document_id = ?',
      ).get(view.annotatorId, documentId)?.status ?? 'todo';
    if (view.statuses && !view.statuses.includes(status)) return null;
    const groups = view.direction === 'desc' ? [...STATUS_ORDER].reverse() : STATUS_ORDER;
    let before = 0;
    for (const group of groups) {
      if (view.statuses && !view.statuses.includes(group)) continue;
      const groupView: DocumentView = { ...view, sort: 'order', statuses: [group] };
      if (group === status) {
        const inside = locateDocument(db, groupView, documentId);
        return inside === null ? null : before + inside;
      }
      before += countDocumentsInView(db, groupView);
    }
    return null;
  }
  const { from, where, order, params } = build(view);
  const sql = `SELECT position FROM (SELECT d.id, row_number() OVER (ORDER BY ${order}) - 1 AS position FROM ${from} WHERE ${where}) WHERE id = @documentId`;
  return prepareCached<[Record<string, unknown>], { position: number }>(db, sql).get({ ...params, documentId })?.position ?? null;
}

/**
 * How many of a project's documents an annotator has in each non-todo status. With one project
 * in the database (the usual case) every status row is this project's, so the count reads only
 * the status index; otherwise each row is checked against the project.
 */
export function statusCounts(db: Db, projectId: string, annotatorId: string | null): Record<Exclude<DocumentStatus, 'todo'>, number> {
  const counts = { in_progress: 0, done: 0, skipped: 0 };
  if (!annotatorId) return counts;
  const projects = prepareCached<[], { n: number }>(db, 'SELECT count(*) AS n FROM project').get()?.n ?? 0;
  const rows =
    projects === 1
      ? prepareCached<[string], { status: DocumentStatus; n: number }>(
          db,
          `SELECT status, count(*) AS n FROM document_status WHERE annotator_id = ? AND status <> 'todo' GROUP BY status`,
        ).all(annotatorId)
      : prepareCached<[string, string], { status: DocumentStatus; n: number }>(
          db,
          `SELECT s.status, count(*) AS n FROM document_status s JOIN document d ON d.id = s.document_id
            WHERE s.annotator_id = ? AND d.project_id = ? AND s.status <> 'todo' GROUP BY s.status`,
        ).all(annotatorId, projectId);
  for (const row of rows) if (row.status !== 'todo') counts[row.status] = row.n;
  return counts;
}
