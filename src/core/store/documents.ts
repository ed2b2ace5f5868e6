import type { DocumentRecord, DocumentStatus, DocumentSummary } from '../../shared/contract/methods/documents';
import type { NormalizationForm } from '../../shared/text/normalization';
import { prepareCached } from './statementCache';
import type { Db } from './types';

/** A document as it is inserted (status is per annotator and lives elsewhere). */
export type NewDocument = Omit<DocumentRecord, 'status'>;

type DocumentRow = {
  id: string;
  project_id: string;
  external_id: string | null;
  title: string;
  source: string | null;
  published_at: string | null;
  text: string;
  text_sha256: string;
  char_count: number;
  metadata_json: string;
  created_at: string;
  status: DocumentStatus | null;
};

/** Inserts a document; the full-text index follows by trigger. */
export function insertDocument(db: Db, document: NewDocument, normalization: NormalizationForm | null = null): void {
  prepareCached(
    db,
    `INSERT INTO document (id, project_id, external_id, title, source, published_at, text_sha256, char_count, metadata_json, created_at, text, normalization)
     VALUES (@id, @projectId, @externalId, @title, @source, @publishedAt, @textSha256, @charCount, @metadata, @createdAt, @text, @normalization)`,
  ).run({ ...document, metadata: JSON.stringify(document.metadata), normalization });
}

/** Reads one document with its text and the annotator's status. */
export function getDocument(db: Db, id: string, annotatorId: string | null): DocumentRecord | null {
  const row = prepareCached<[string | null, string], DocumentRow>(
    db,
    `SELECT d.id, d.project_id, d.external_id, d.title, d.source, d.published_at, d.text_sha256, d.char_count,
              d.metadata_json, d.created_at, d.text, s.status
         FROM document d LEFT JOIN document_status s ON s.document_id = d.id AND s.annotator_id = ?
        WHERE d.id = ?`,
  ).get(annotatorId, id);
  if (!row) return null;
  return {
    id: row.id,
    projectId: row.project_id,
    externalId: row.external_id,
    title: row.title,
    source: row.source,
    publishedAt: row.published_at,
    text: row.text,
    textSha256: row.text_sha256,
    charCount: row.char_count,
    metadata: JSON.parse(row.metadata_json) as DocumentRecord['metadata'],
    createdAt: row.created_at,
    status: row.status ?? 'todo',
  };
}

/** Number of documents in a project. */
export function countDocuments(db: Db, projectId: string): number {
  return prepareCached<[string], { n: number }>(db, 'SELECT count(*) AS n FROM document WHERE project_id = ?').get(projectId)?.n ?? 0;
}

/** One page of document summaries in import order; reads no document text. */
export function listDocumentSummaries(db: Db, projectId: string, annotatorId: string | null, offset: number, limit: number): DocumentSummary[] {
  const rows = prepareCached<[string | null, string, number, number], Omit<DocumentSummary, 'status'> & { status: DocumentStatus | null }>(
    db,
    `SELECT d.id, d.title, d.source, d.published_at AS publishedAt, d.char_count AS charCount, s.status
         FROM document d LEFT JOIN document_status s ON s.document_id = d.id AND s.annotator_id = ?
        WHERE d.project_id = ?
        ORDER BY d.seq
        LIMIT ? OFFSET ?`,
  ).all(annotatorId, projectId, limit, offset);
  return rows.map((row) => ({ ...row, status: row.status ?? 'todo' }));
}

/** The stored text of a document, or null. */
export function getDocumentText(db: Db, id: string): string | null {
  return prepareCached<[string], { text: string }>(db, 'SELECT text FROM document WHERE id = ?').get(id)?.text ?? null;
}

/** The document of a project with this text SHA-256 (the dedupe key of imports), or null. */
export function findDocumentBySha(db: Db, projectId: string, textSha256: string): { id: string; title: string } | null {
  return (
    prepareCached<[string, string], { id: string; title: string }>(db, 'SELECT id, title FROM document WHERE project_id = ? AND text_sha256 = ?').get(
      projectId,
      textSha256,
    ) ?? null
  );
}

/** Whether a document id is taken (in any project). */
export function documentIdExists(db: Db, id: string): boolean {
  return prepareCached<[string], { one: number }>(db, 'SELECT 1 AS one FROM document WHERE id = ?').get(id) !== undefined;
}
