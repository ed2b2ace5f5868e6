import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { Attributes, Id, Offset } from '../schemas';
import { Annotation } from './annotations';

/** Where a suggestion comes from: `propagation`, `casualty-rule`, or `gazetteer:<name>`. */
export const SuggestionSource = z.string().min(1).max(120);

/** A suggestion as the editor draws it: code-point offsets, end exclusive. Never an annotation until accepted. */
export const Suggestion = z.object({
  id: z.number().int().positive(),
  start: Offset,
  end: Offset,
  label: z.string(),
  attributes: Attributes,
  source: SuggestionSource,
  /** What matched: the list entry, the propagated span's text, or the casualty word. */
  detail: z.string().nullable(),
});
export type Suggestion = z.infer<typeof Suggestion>;

const SuggestionIds = z.array(z.number().int().positive()).min(1).max(2_000);
/** Every suggestion offered now that lies inside [start, end) (code points): "all in view". */
const Range = z.strictObject({ start: Offset, end: Offset });

/** What a suggestion run (the `suggest` job, `awb suggest`) did. */
export const SuggestSummary = z.object({
  documents: z.number().int().nonnegative(),
  suggestions: z.number().int().nonnegative(),
  perSource: z.record(z.string(), z.number().int().nonnegative()),
  sources: z.array(z.string()),
});
export type SuggestSummary = z.infer<typeof SuggestSummary>;

/** One source's row of the report: how its suggestions fared. */
export const SourceReport = z.object({
  source: z.string(),
  kind: z.enum(['propagation', 'gazetteer', 'casualty-rule', 'other']),
  /** Suggestions stored now (not yet answered, or answered by someone). */
  offered: z.number().int().nonnegative(),
  /** Accepted, and the span is still as suggested. */
  accepted: z.number().int().nonnegative(),
  /** Accepted, then changed (label, offsets or attributes). */
  edited: z.number().int().nonnegative(),
  /** Accepted, then deleted (or undone). */
  deleted: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
});
export type SourceReport = z.infer<typeof SourceReport>;

const AcceptResult = z.object({
  created: z.array(Annotation),
  /** Suggestions that became spans. */
  accepted: z.array(z.number().int()),
  /** Suggestions left as they were, with why (overlap, already answered). */
  skipped: z.array(z.object({ id: z.number().int(), reason: z.string() })),
});

export const suggestionMethods = {
  'suggestions.list': defineMethod({
    description:
      "The suggestions to offer the local annotator in a document: not yet answered, overlapping none of the annotator's spans (unless the schema allows overlap), never overlapping each other.",
    input: z.strictObject({ documentId: Id }),
    output: z.object({ suggestions: z.array(Suggestion) }),
  }),
  'suggestions.generate': defineMethod({
    description: "Runs the sources (all by default) on one document, replacing that document's suggestions from them, and answers what to offer now.",
    input: z.strictObject({ documentId: Id, sources: z.array(SuggestionSource).max(64).optional() }),
    output: z.object({ suggestions: z.array(Suggestion) }),
  }),
  'suggestions.accept': defineMethod({
    description:
      'Turns suggestions (by id, or every one offered inside a range) into spans of the local annotator (origin suggestion, origin_source its source) in one durable transaction and one undo step.',
    input: z.strictObject({ documentId: Id, ids: SuggestionIds.optional(), range: Range.optional() }),
    output: AcceptResult,
  }),
  'suggestions.reject': defineMethod({
    description: 'Rejects suggestions (by id, or every one offered inside a range); they are never offered again in that document.',
    input: z.strictObject({ documentId: Id, ids: SuggestionIds.optional(), range: Range.optional() }),
    output: z.object({ rejected: z.array(z.number().int()) }),
  }),
  'suggestions.occurrences': defineMethod({
    description: "Preview of “label every occurrence in this document”: the span's other whole-token occurrences and whether each can be labelled.",
    input: z.strictObject({ annotationId: Id }),
    output: z.object({
      label: z.string(),
      quote: z.string(),
      occurrences: z.array(
        z.object({ start: Offset, end: Offset, quote: z.string(), before: z.string(), after: z.string(), blockedBy: z.string().nullable() }),
      ),
    }),
  }),
  'suggestions.labelOccurrences': defineMethod({
    description:
      'Labels the chosen occurrences of a span like the span itself, in one durable transaction and one undo step (origin suggestion, source propagation).',
    input: z.strictObject({
      annotationId: Id,
      ranges: z
        .array(z.strictObject({ start: Offset, end: Offset }))
        .min(1)
        .max(2_000),
    }),
    output: z.object({ created: z.array(Annotation), skipped: z.array(z.object({ start: Offset, end: Offset, reason: z.string() })) }),
  }),
  'suggestions.sources': defineMethod({
    description: 'The sources a suggestion run can use: propagation, the casualty rule, and each gazetteer.',
    input: z.strictObject({ projectId: Id.optional() }),
    output: z.array(z.object({ source: z.string(), description: z.string() })),
  }),
  'suggestions.start': defineMethod({
    description:
      'Writes suggestions for documents (all of the project by default) from the chosen sources (all by default) as a background job; poll it with jobs.get.',
    input: z.strictObject({
      documentIds: z.array(Id).min(1).max(100_000).optional(),
      sources: z.array(SuggestionSource).min(1).max(64).optional(),
      projectId: Id.optional(),
    }),
    output: z.object({ jobId: Id }),
  }),
  'suggestions.report': defineMethod({
    description: 'Per source: suggestions offered, accepted as they were, edited after acceptance, deleted after acceptance, and rejected.',
    input: z.strictObject({ projectId: Id.optional() }),
    output: z.object({ sources: z.array(SourceReport) }),
  }),
};
