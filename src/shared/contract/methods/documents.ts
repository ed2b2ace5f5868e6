import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { LIMITS } from '../limits';
import { AttributeValue, Id, Offset, safeRecord, Timestamp } from '../schemas';

export const DocumentStatus = z.enum(['todo', 'in_progress', 'done', 'skipped']);
export type DocumentStatus = z.infer<typeof DocumentStatus>;

/** What a list row shows: never the text, so a page of 100,000 documents stays light. */
export const DocumentSummary = z.object({
  id: Id,
  title: z.string(),
  source: z.string().nullable(),
  publishedAt: z.string().nullable(),
  charCount: z.number().int().nonnegative(),
  status: DocumentStatus,
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const DocumentRecord = z.object({
  id: Id,
  projectId: Id,
  externalId: z.string().nullable(),
  title: z.string(),
  source: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** Exactly as imported (after decoding and BOM removal); never normalised. */
  text: z.string(),
  textSha256: z.string().length(64),
  /** Length of the text in Unicode code points, the unit of every offset. */
  charCount: z.number().int().nonnegative(),
  metadata: safeRecord(z.union([AttributeValue, z.array(z.string())]), 64),
  createdAt: Timestamp,
  status: DocumentStatus,
});
export type DocumentRecord = z.infer<typeof DocumentRecord>;

/** The orders the document list offers; `order` is import order. */
export const DocumentSort = z.enum(['order', 'title', 'date', 'source', 'status']);
export type DocumentSort = z.infer<typeof DocumentSort>;

/** Which documents a list shows, and in what order: shared by `documents.list` and `documents.locate`. */
const ListView = {
  projectId: Id,
  sort: DocumentSort.default('order'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  /** Only documents whose status (for the local annotator) is one of these; all when absent. */
  statuses: z.array(DocumentStatus).min(1).max(4).optional(),
  /** Only documents whose title or source contains this text. */
  query: z.string().max(LIMITS.queryLength).optional(),
};
export type DocumentListView = z.input<z.ZodObject<typeof ListView>>;

const Count = z.number().int().nonnegative();

/** One part of a search snippet: text, marked when it is a hit. */
export const SnippetPart = z.object({ text: z.string(), hit: z.boolean() });

export const SearchHit = z.object({
  documentId: Id,
  title: z.string(),
  source: z.string().nullable(),
  publishedAt: z.string().nullable(),
  snippet: z.array(SnippetPart),
  /** Code-point offset of the first hit in the text, or null when only the title matched. */
  offset: Offset.nullable(),
  /** Length in code points of the first hit (a whole token). */
  length: Count,
});
export type SearchHit = z.infer<typeof SearchHit>;

export const documentMethods = {
  'documents.list': defineMethod({
    description:
      "One page of a project's documents with the local annotator's status, filtered by status and by text in the title or source, " +
      'sorted by import order, title, date, source or status. Reads no document text.',
    input: z.strictObject({
      ...ListView,
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().positive().max(LIMITS.pageSize).default(100),
    }),
    output: z.object({ total: Count, rows: z.array(DocumentSummary) }),
  }),
  'documents.locate': defineMethod({
    description: 'Where a document sits in a filtered, sorted list (its 0-based index), or null when the filter hides it.',
    input: z.strictObject({ ...ListView, documentId: Id }),
    output: z.object({ index: Count.nullable(), total: Count }),
  }),
  'documents.progress': defineMethod({
    description: "How many of a project's documents the local annotator has in each status.",
    input: z.strictObject({ projectId: Id }),
    output: z.object({ total: Count, todo: Count, in_progress: Count, done: Count, skipped: Count }),
  }),
  'documents.setStatus': defineMethod({
    description: "Sets the local annotator's status for a document (todo, in progress, done, skipped), durably, raising its revision.",
    input: z.strictObject({ documentId: Id, status: DocumentStatus }),
    output: z.object({ documentId: Id, status: DocumentStatus, revision: z.number().int().positive() }),
  }),
  'documents.search': defineMethod({
    description:
      "Full-text search over a project's titles and texts (SQLite FTS5; every word must occur, as a word or word prefix), best matches first, " +
      'with a snippet and the offset of the first hit in the text.',
    input: z.strictObject({
      projectId: Id,
      query: z.string().min(1).max(LIMITS.queryLength),
      offset: z.number().int().nonnegative().max(10_000).default(0),
      limit: z.number().int().positive().max(50).default(20),
    }),
    output: z.object({ total: Count, hits: z.array(SearchHit) }),
  }),
  'documents.get': defineMethod({
    description: 'One document with its full text.',
    input: z.strictObject({ id: Id }),
    output: DocumentRecord,
  }),
};
