import type { SourceReport } from '../../shared/contract/methods/suggestions';
import type { Attributes } from '../../shared/contract/schemas';
import { prepareCached } from './statementCache';
import type { Db } from './types';

/** A suggestion as stored (code-point offsets). */
export type StoredSuggestion = {
  id: number;
  documentId: string;
  start: number;
  end: number;
  label: string;
  attributes: Attributes;
  quote: string;
  source: string;
  detail: string | null;
};

/** A suggestion to store in a given document. */
export type NewSuggestion = Omit<StoredSuggestion, 'id' | 'documentId'>;

type SuggestionRow = {
  id: number;
  document_id: string;
  start: number;
  end: number;
  label: string;
  attributes_json: string;
  quote: string;
  source: string;
  detail: string | null;
};

const COLUMNS = 'id, document_id, start, "end", label, attributes_json, quote, source, detail';

function fromRow(row: SuggestionRow): StoredSuggestion {
  return {
    id: row.id,
    documentId: row.document_id,
    start: row.start,
    end: row.end,
    label: row.label,
    attributes: JSON.parse(row.attributes_json) as Attributes,
    quote: row.quote,
    source: row.source,
    detail: row.detail,
  };
}

/** The identity of a stored suggestion (its UNIQUE key). */
export function suggestionKey(start: number, end: number, label: string, source: string): string {
  return `${start}:${end}:${label}:${source}`;
}

/**
 * Makes a document's stored suggestions from the given sources exactly `suggestions` (the first of
 * any with the same key): rows no longer suggested are removed and new ones added, while rows still
 * suggested keep their ids (the editor's drawing and a pending answer stay valid) and are not
 * written at all. The editor refreshes a document's suggestions after every span it saves, and
 * then only a few of possibly tens of thousands change. Call inside a transaction. Returns how
 * many rows were added.
 */
export function replaceDocumentSuggestions(db: Db, documentId: string, sources: readonly string[], suggestions: readonly NewSuggestion[], now: string): number {
  // Outside a transaction a failure halfway would leave the document's set mixed, old and new.
  if (!db.inTransaction) throw new Error('replaceDocumentSuggestions must run inside a transaction');
  // Rows as arrays: a document can hold tens of thousands of suggestions.
  const rows = prepareCached<[string], [number, number, number, string, string]>(
    db,
    'SELECT id, start, "end", label, source FROM suggestion WHERE document_id = ?',
  ).raw(true);
  // Positional parameters and no object per row: a refresh can insert thousands.
  const insert = prepareCached<[string, number, number, string, string, string, string, string | null, string]>(
    db,
    `INSERT OR IGNORE INTO suggestion (document_id, start, "end", label, attributes_json, quote, source, detail, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const remove = prepareCached(db, 'DELETE FROM suggestion WHERE id = ?');
  const replaced = new Set(sources);
  const stale = new Map<string, number>();
  for (const [id, start, end, label, source] of rows.all(documentId)) {
    if (replaced.has(source)) stale.set(suggestionKey(start, end, label, source), id);
  }
  const seen = new Set<string>();
  let added = 0;
  for (const s of suggestions) {
    const key = suggestionKey(s.start, s.end, s.label, s.source);
    if (seen.has(key)) continue;
    seen.add(key);
    if (stale.delete(key)) continue;
    added += insert.run(documentId, s.start, s.end, s.label, JSON.stringify(s.attributes), s.quote, s.source, s.detail, now).changes;
  }
  for (const id of stale.values()) remove.run(id);
  return added;
}

/** Removes every suggestion of a source in a project (a gazetteer was replaced or removed); returns how many. */
export function clearSourceSuggestions(db: Db, projectId: string, source: string): number {
  return prepareCached(db, 'DELETE FROM suggestion WHERE source = ? AND document_id IN (SELECT id FROM document WHERE project_id = ?)').run(source, projectId)
    .changes;
}

/** A stored suggestion's range, label and source: what choosing which to offer needs. */
export type SuggestionRange = Pick<StoredSuggestion, 'id' | 'start' | 'end' | 'label' | 'source'>;

/** A document's stored suggestions as ranges, by start (without their attributes and quotes, which only the few offered need). */
export function listSuggestionRanges(db: Db, documentId: string): SuggestionRange[] {
  return prepareCached<[string], SuggestionRange>(
    db,
    'SELECT id, start, "end", label, source FROM suggestion WHERE document_id = ? ORDER BY start, "end", id',
  ).all(documentId);
}

/** One suggestion by id, or null. */
export function getSuggestion(db: Db, id: number): StoredSuggestion | null {
  const row = prepareCached<[number], SuggestionRow>(db, `SELECT ${COLUMNS} FROM suggestion WHERE id = ?`).get(id);
  return row ? fromRow(row) : null;
}

/** An annotator's answer to a suggestion. */
export type Decision = {
  documentId: string;
  annotatorId: string;
  start: number;
  end: number;
  label: string;
  source: string;
  decision: 'accepted' | 'rejected';
  attributes: Attributes;
  annotationId: string | null;
  decidedAt: string;
};

/** Records (or replaces) an annotator's answer for a range and label of a document. */
export function recordDecision(db: Db, decision: Decision): void {
  prepareCached(
    db,
    `INSERT INTO suggestion_decision (document_id, annotator_id, start, "end", label, source, decision, attributes_json, annotation_id, decided_at)
       VALUES (@documentId, @annotatorId, @start, @end, @label, @source, @decision, @attributes, @annotationId, @decidedAt)
     ON CONFLICT (document_id, annotator_id, start, "end", label) DO UPDATE SET
       source = excluded.source, decision = excluded.decision, attributes_json = excluded.attributes_json,
       annotation_id = excluded.annotation_id, decided_at = excluded.decided_at`,
  ).run({ ...decision, attributes: JSON.stringify(decision.attributes) });
}

/**
 * The ranges an annotator has answered in a document and which still hold: every rejection, and
 * every acceptance whose span is still there (an accepted span that was deleted or undone is
 * offered again).
 */
export function answeredRanges(db: Db, documentId: string, annotatorId: string): Set<string> {
  const rows = prepareCached<[string, string], { start: number; end: number; label: string }>(
    db,
    `SELECT d.start, d."end", d.label FROM suggestion_decision d LEFT JOIN annotation a ON a.id = d.annotation_id
      WHERE d.document_id = ? AND d.annotator_id = ? AND (d.decision = 'rejected' OR (a.id IS NOT NULL AND a.deleted = 0))`,
  ).all(documentId, annotatorId);
  return new Set(rows.map((row) => rangeKey(row.start, row.end, row.label)));
}

/** The key of a labelled range. */
export function rangeKey(start: number, end: number, label: string): string {
  return `${start}:${end}:${label}`;
}

/** Every source's figures in a project: suggestions offered, accepted as suggested, edited, deleted, rejected. */
export function suggestionReport(db: Db, projectId: string): SourceReport[] {
  const offered = prepareCached<[string], { source: string; n: number }>(
    db,
    `SELECT s.source, count(*) AS n FROM suggestion s JOIN document d ON d.id = s.document_id WHERE d.project_id = ? GROUP BY s.source`,
  ).all(projectId);
  // An acceptance is "edited" when its span's label, offsets or attributes now differ from what was suggested.
  const decided = prepareCached<[string], { source: string; rejected: number; accepted: number; edited: number; deleted: number }>(
    db,
    `SELECT x.source,
            sum(x.decision = 'rejected') AS rejected,
            sum(x.decision = 'accepted' AND a.deleted = 0 AND a.start = x.start AND a."end" = x."end" AND a.label = x.label
                AND json(a.attributes_json) = json(x.attributes_json)) AS accepted,
            sum(x.decision = 'accepted' AND a.deleted = 0 AND NOT (a.start = x.start AND a."end" = x."end" AND a.label = x.label
                AND json(a.attributes_json) = json(x.attributes_json))) AS edited,
            sum(x.decision = 'accepted' AND (a.id IS NULL OR a.deleted = 1)) AS deleted
       FROM suggestion_decision x JOIN document d ON d.id = x.document_id LEFT JOIN annotation a ON a.id = x.annotation_id
      WHERE d.project_id = ? GROUP BY x.source`,
  ).all(projectId);
  const sources = new Map<string, SourceReport>();
  const row = (source: string) => {
    let report = sources.get(source);
    if (!report) {
      report = { source, kind: kindOf(source), offered: 0, accepted: 0, edited: 0, deleted: 0, rejected: 0 };
      sources.set(source, report);
    }
    return report;
  };
  for (const entry of offered) row(entry.source).offered = entry.n;
  for (const entry of decided)
    Object.assign(row(entry.source), { accepted: entry.accepted ?? 0, edited: entry.edited ?? 0, deleted: entry.deleted ?? 0, rejected: entry.rejected ?? 0 });
  return [...sources.values()].sort((a, b) => a.source.localeCompare(b.source));
}

function kindOf(source: string): SourceReport['kind'] {
  if (source === 'propagation') return 'propagation';
  if (source === 'casualty-rule') return 'casualty-rule';
  if (source.startsWith('gazetteer:')) return 'gazetteer';
  return 'other';
}

/** A document's id and text, for a suggestion run. */
export type DocumentText = { seq: number; id: string; text: string };

/** The next page of a project's documents (with text) after `afterSeq`, in import order. */
export function documentTextPage(db: Db, projectId: string, afterSeq: number, limit: number): DocumentText[] {
  return prepareCached<[string, number, number], DocumentText>(
    db,
    'SELECT seq, id, text FROM document WHERE project_id = ? AND seq > ? ORDER BY seq LIMIT ?',
  ).all(projectId, afterSeq, limit);
}

/** One document's id and text if it belongs to the project, else null. */
export function documentTextIn(db: Db, projectId: string, id: string): DocumentText | null {
  return prepareCached<[string, string], DocumentText>(db, 'SELECT seq, id, text FROM document WHERE id = ? AND project_id = ?').get(id, projectId) ?? null;
}

/**
 * Every distinct labelled text of a project's annotators (live spans of the annotator layer),
 * most frequent first, with the attributes of its latest span (SQLite takes the bare column
 * from the row that gave max()).
 */
export function propagationSeeds(db: Db, projectId: string): { label: string; quote: string; attributes: Attributes; n: number }[] {
  return prepareCached<[string], { label: string; quote: string; attributes_json: string; n: number; latest: string }>(
    db,
    `SELECT a.label, a.quote, a.attributes_json, count(*) AS n, max(a.updated_at) AS latest
       FROM annotation a JOIN document d ON d.id = a.document_id
      WHERE d.project_id = ? AND a.deleted = 0 AND a.layer = 'annotator'
      GROUP BY a.label, a.quote
      ORDER BY n DESC, a.label, a.quote`,
  )
    .all(projectId)
    .map((row) => ({ label: row.label, quote: row.quote, attributes: JSON.parse(row.attributes_json) as Attributes, n: row.n }));
}

/** Changes whenever any span is written (created, edited, deleted, undone): the key of a cached propagation source. */
export function spansSignature(db: Db): string {
  const row = prepareCached<[], { n: number; latest: string | null }>(db, 'SELECT count(*) AS n, max(updated_at) AS latest FROM annotation').get();
  return `${row?.n ?? 0}:${row?.latest ?? ''}`;
}
