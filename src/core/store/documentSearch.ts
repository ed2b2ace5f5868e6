import type { SearchHit } from '../../shared/contract/methods/documents';
import { codePointLength } from '../../shared/text/offsetMap';
import { prepareCached } from './statementCache';
import type { Db } from './types';

// Markers FTS5 puts around hits: a private-use character followed by a control character, a pair
// that imported prose does not contain.
const OPEN = '\uE000\u0001';
const CLOSE = '\uE000\u0002';

/**
 * Turns what a user typed into an FTS5 query: every word must occur, as a word or a word prefix.
 * Each word is quoted, so FTS5 operators and punctuation in the input are taken literally and no
 * input can be a syntax error. Returns null when the input holds no word at all.
 */
export function toFtsQuery(input: string): string | null {
  const words = input.split(/\s+/u).filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replace(/"/g, '""')}"*`).join(' ');
}

type HitRow = { documentId: string; title: string; source: string | null; publishedAt: string | null; snippet: string; marked: string };

/** The best-ranked matches (bm25) in a project, with a snippet and the first hit's code-point offset. */
export function searchDocuments(db: Db, projectId: string, match: string, offset: number, limit: number): { total: number; hits: SearchHit[] } {
  const total =
    prepareCached<[string, string], { n: number }>(
      db,
      `SELECT count(*) AS n FROM document_fts JOIN document d ON d.seq = document_fts.rowid WHERE document_fts MATCH ? AND d.project_id = ?`,
    ).get(match, projectId)?.n ?? 0;
  const rows = prepareCached<[Record<string, unknown>], HitRow>(
    db,
    `SELECT d.id AS documentId, d.title, d.source, d.published_at AS publishedAt,
            snippet(document_fts, -1, @open, @close, '…', 16) AS snippet,
            highlight(document_fts, 1, @open, @close) AS marked
       FROM document_fts JOIN document d ON d.seq = document_fts.rowid
      WHERE document_fts MATCH @match AND d.project_id = @projectId
      ORDER BY rank LIMIT @limit OFFSET @offset`,
  ).all({ open: OPEN, close: CLOSE, match, projectId, limit, offset });
  return {
    total,
    hits: rows.map((row) => {
      const at = row.marked.indexOf(OPEN);
      const end = at < 0 ? -1 : row.marked.indexOf(CLOSE, at);
      return {
        documentId: row.documentId,
        title: row.title,
        source: row.source,
        publishedAt: row.publishedAt,
        snippet: splitSnippet(row.snippet),
        // Everything before the first marker is the stored text unchanged, so its length is the offset.
        offset: at < 0 ? null : codePointLength(row.marked.slice(0, at)),
        length: at < 0 || end < 0 ? 0 : codePointLength(row.marked.slice(at + OPEN.length, end)),
      };
    }),
  };
}

function splitSnippet(snippet: string): SearchHit['snippet'] {
  const parts: SearchHit['snippet'] = [];
  for (const [index, piece] of snippet.split(OPEN).entries()) {
    if (index === 0) {
      if (piece) parts.push({ text: piece, hit: false });
      continue;
    }
    const close = piece.indexOf(CLOSE);
    const hit = close < 0 ? piece : piece.slice(0, close);
    const rest = close < 0 ? '' : piece.slice(close + CLOSE.length);
    if (hit) parts.push({ text: hit, hit: true });
    if (rest) parts.push({ text: rest, hit: false });
  }
  return parts;
}
