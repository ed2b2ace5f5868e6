import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { LIMITS } from '../limits';
import { AttributeValue, Id, safeRecord, Timestamp } from '../schemas';

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

export const documentMethods = {
  'documents.list': defineMethod({
    description: "One page of a project's documents in import order, with the local annotator's status.",
    input: z.strictObject({
      projectId: Id,
      offset: z.number().int().nonnegative().default(0),
      limit: z.number().int().positive().max(LIMITS.pageSize).default(100),
    }),
    output: z.object({ total: z.number().int().nonnegative(), rows: z.array(DocumentSummary) }),
  }),
  'documents.get': defineMethod({
    description: 'One document with its full text.',
    input: z.strictObject({ id: Id }),
    output: DocumentRecord,
  }),
};
