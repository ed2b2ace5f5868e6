import type { AnnotationOrigin } from '../../shared/contract/methods/annotations';
import type { DocumentStatus } from '../../shared/contract/methods/documents';
import type { NormalizationForm } from '../../shared/text/normalization';
import type { AnnotationLayer } from './annotations';
import { prepareCached } from './statementCache';
import type { Db } from './types';

/**
 * The read-only queries an export pages through. Documents are read in pages by `seq` (keyset
 * pagination: each page is one indexed range scan, whatever the corpus size), and each page's
 * spans and statuses by one query each, so memory stays flat however large the project is. They
 * span several tables, so they live here rather than in the per-table modules.
 */

/** A document row as an export reads it (the text included). */
export type ExportDocumentRow = {
  seq: number;
  id: string;
  external_id: string | null;
  title: string;
  source: string | null;
  published_at: string | null;
  text_sha256: string;
  metadata_json: string;
  normalization: NormalizationForm | null;
  text: string;
};

/** A live span row of a page of documents. */
export type ExportSpanRow = {
  document_id: string;
  id: string;
  annotator_id: string;
  layer: AnnotationLayer;
  start: number;
  end: number;
  label: string;
  attributes_json: string;
  quote: string;
  origin: AnnotationOrigin;
};

/** A per-annotator status row of a page of documents. */
export type ExportStatusRow = { document_id: string; annotator_id: string; status: DocumentStatus };

/** The date filter: `published_at` read as YYYY-MM-DD, inclusive; null bounds are open. */
export type DateRange = { from: string | null; to: string | null };

// A document is in a date range when its published_at starts with a YYYY-MM-DD date inside it.
const DATE_CLAUSE = `(? IS NULL AND ? IS NULL OR (published_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'
   AND (? IS NULL OR substr(published_at, 1, 10) >= ?) AND (? IS NULL OR substr(published_at, 1, 10) <= ?)))`;

function dateParams(range: DateRange): (string | null)[] {
  return [range.from, range.to, range.from, range.from, range.to, range.to];
}

/** Documents of a project in the date range. */
export function countDocumentsInRange(db: Db, projectId: string, range: DateRange): number {
  return (
    prepareCached<(string | null)[], { n: number }>(db, `SELECT count(*) AS n FROM document WHERE project_id = ? AND ${DATE_CLAUSE}`).get(
      projectId,
      ...dateParams(range),
    )?.n ?? 0
  );
}

/** The next page of documents after `afterSeq`, in `seq` order (import order). */
export function documentPage(db: Db, projectId: string, range: DateRange, afterSeq: number, limit: number): ExportDocumentRow[] {
  return prepareCached<(string | number | null)[], ExportDocumentRow>(
    db,
    `SELECT seq, id, external_id, title, source, published_at, text_sha256, metadata_json, normalization, text
       FROM document WHERE project_id = ? AND seq > ? AND ${DATE_CLAUSE}
      ORDER BY seq LIMIT ?`,
  ).all(projectId, afterSeq, ...dateParams(range), limit);
}

/**
 * The live spans of the documents with `seq` in (fromSeq, toSeq], ordered by document, then
 * start, end, label and id: the order every export writes spans in.
 */
export function spansOfPage(db: Db, projectId: string, fromSeq: number, toSeq: number): ExportSpanRow[] {
  return prepareCached<[string, number, number], ExportSpanRow>(
    db,
    `SELECT a.document_id, a.id, a.annotator_id, a.layer, a.start, a."end", a.label, a.attributes_json, a.quote, a.origin
       FROM document d JOIN annotation a ON a.document_id = d.id
      WHERE d.project_id = ? AND d.seq > ? AND d.seq <= ? AND a.deleted = 0
      ORDER BY d.seq, a.start, a."end", a.label, a.id`,
  ).all(projectId, fromSeq, toSeq);
}

/** The per-annotator statuses of the documents with `seq` in (fromSeq, toSeq]. */
export function statusesOfPage(db: Db, projectId: string, fromSeq: number, toSeq: number): ExportStatusRow[] {
  return prepareCached<[string, number, number], ExportStatusRow>(
    db,
    `SELECT s.document_id, s.annotator_id, s.status
       FROM document d JOIN document_status s ON s.document_id = d.id
      WHERE d.project_id = ? AND d.seq > ? AND d.seq <= ?`,
  ).all(projectId, fromSeq, toSeq);
}

/** Every annotator (a handful to a few hundred rows). */
export function allAnnotators(db: Db): { id: string; name: string; role: string }[] {
  return prepareCached<[], { id: string; name: string; role: string }>(db, 'SELECT id, name, role FROM annotator ORDER BY name, id').all();
}

/** Per annotator: documents by status, and live spans by layer, in a project (for the Export view). */
export function annotatorActivity(
  db: Db,
  projectId: string,
): {
  statuses: { annotator_id: string; status: DocumentStatus; n: number }[];
  spans: { annotator_id: string; layer: AnnotationLayer; documents: number; n: number }[];
} {
  const statuses = prepareCached<[string], { annotator_id: string; status: DocumentStatus; n: number }>(
    db,
    `SELECT s.annotator_id, s.status, count(*) AS n FROM document_status s JOIN document d ON d.id = s.document_id
      WHERE d.project_id = ? GROUP BY s.annotator_id, s.status`,
  ).all(projectId);
  const spans = prepareCached<[string], { annotator_id: string; layer: AnnotationLayer; documents: number; n: number }>(
    db,
    `SELECT a.annotator_id, a.layer, count(DISTINCT a.document_id) AS documents, count(*) AS n FROM annotation a JOIN document d ON d.id = a.document_id
      WHERE d.project_id = ? AND a.deleted = 0 GROUP BY a.annotator_id, a.layer`,
  ).all(projectId);
  return { statuses, spans };
}
