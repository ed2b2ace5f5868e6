import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { LIMITS } from '../limits';
import { Attributes, AttributeValue, Id, Offset, Timestamp } from '../schemas';
import { CountingRule, DocumentComparison, TokenizerSpec } from './agreement';
import { AnnotationOrigin } from './annotations';
import { DocumentStatus } from './documents';

const Count = z.number().int().nonnegative();
const LabelName = z.string().min(1).max(64);
const Revision = z.number().int().positive();

/** A span as the compare view draws it: code-point offsets, end exclusive. */
export const ComparedSpan = z.strictObject({ id: Id, start: Offset, end: Offset, label: z.string(), attributes: z.record(z.string(), AttributeValue) });
export type ComparedSpan = z.infer<typeof ComparedSpan>;

/** A span of the gold layer, with who wrote it. */
export const GoldSpan = ComparedSpan.extend({ annotatorId: Id, revision: Revision, origin: AnnotationOrigin });
export type GoldSpan = z.infer<typeof GoldSpan>;

/** Where a document's adjudication stands: not started, started, or marked adjudicated (`done`). */
export const AdjudicationState = z.strictObject({
  status: z.enum(['todo', 'in_progress', 'done']),
  adjudicator: z.strictObject({ id: Id, name: z.string() }).nullable(),
  updatedAt: Timestamp.nullable(),
});
export type AdjudicationState = z.infer<typeof AdjudicationState>;

/** The gold layer of a document after a write, and the document's adjudication state. */
export const GoldLayer = z.strictObject({ gold: z.array(GoldSpan), adjudication: AdjudicationState });
export type GoldLayer = z.infer<typeof GoldLayer>;

/** Everything the compare view shows for one document. */
export const AdjudicationDocument = z.strictObject({
  document: z.strictObject({ id: Id, projectId: Id, title: z.string(), text: z.string(), charCount: Count }),
  /** The agreement run whose settings were used, or null for the defaults. */
  runId: Id.nullable(),
  settings: z.strictObject({ labels: z.array(z.string()), tokenizer: TokenizerSpec, counting: CountingRule }),
  /** One lane per annotator, in the run's order (a before b in every pair). */
  annotators: z.array(z.strictObject({ id: Id, name: z.string(), status: DocumentStatus, counted: z.boolean(), spans: z.array(ComparedSpan) })),
  gold: z.array(GoldSpan),
  /** The span matchings and disagreeing tokens, or null when fewer than two annotators count here. */
  comparison: DocumentComparison.nullable(),
  /** Why the document is not compared, when it is not. */
  notCompared: z.string().nullable(),
  adjudication: AdjudicationState,
});
export type AdjudicationDocument = z.infer<typeof AdjudicationDocument>;

const GoldIds = z.array(Id).max(LIMITS.pageSize);

export const adjudicationMethods = {
  'adjudication.document': defineMethod({
    description:
      "One document for comparing and adjudicating: its text, each annotator's spans (a lane each), the gold layer, the comparison behind the agreement figures, and the adjudication state. " +
      'With runId, the settings (annotators, labels, tokenizer, counting rule) of that agreement run.',
    input: z.strictObject({ documentId: Id, runId: Id.optional() }),
    output: AdjudicationDocument,
  }),
  'adjudication.accept': defineMethod({
    description:
      "Copies annotators' spans (one or several) into the gold layer, stamped with the local annotator as adjudicator (origin adjudicated), and removes the gold spans named in replaceGoldIds, " +
      'durably, in one transaction. A span already in gold (same offsets, label and attributes) is not copied twice.',
    input: z.strictObject({ documentId: Id, spanIds: z.array(Id).min(1).max(LIMITS.pageSize), replaceGoldIds: GoldIds.default([]) }),
    output: GoldLayer,
  }),
  'adjudication.reject': defineMethod({
    description: 'Accepts none: removes these gold spans (tombstones, nothing is hard-deleted) and records that adjudication has started, durably.',
    input: z.strictObject({ documentId: Id, goldIds: GoldIds }),
    output: GoldLayer,
  }),
  'adjudication.create': defineMethod({
    description:
      'Adds a gold span of the adjudicator’s own making (an edit: other offsets, label or attributes than any annotator gave), replacing the gold spans named, durably.',
    input: z
      .strictObject({ documentId: Id, start: Offset, end: Offset, label: LabelName, attributes: Attributes.optional(), replaceGoldIds: GoldIds.default([]) })
      .refine((span) => span.end > span.start, { message: 'end must be greater than start', path: ['end'] }),
    output: GoldLayer,
  }),
  'adjudication.update': defineMethod({
    description: "Edits a gold span's label, offsets or attributes (a patch: a null value clears an attribute), durably, raising its revision.",
    input: z
      .strictObject({
        id: Id,
        label: LabelName.optional(),
        start: Offset.optional(),
        end: Offset.optional(),
        attributes: Attributes.optional(),
        expectedRevision: Revision.optional(),
      })
      .refine((patch) => patch.label !== undefined || patch.start !== undefined || patch.end !== undefined || patch.attributes !== undefined, {
        message: 'give at least one of label, start, end, attributes',
      }),
    output: GoldLayer,
  }),
  'adjudication.acceptAgreed': defineMethod({
    description:
      'Copies into the gold layer every span all counted annotators agree on exactly (offsets, label and attributes) where the gold layer has nothing yet, durably, in one transaction.',
    input: z.strictObject({ documentId: Id, runId: Id.optional() }),
    output: GoldLayer.extend({ accepted: Count, alreadyInGold: Count, leftForDecision: Count }),
  }),
  'adjudication.setStatus': defineMethod({
    description: 'Marks a document adjudicated (done) or reopens it (in_progress), durably, stamped with the local annotator.',
    input: z.strictObject({ documentId: Id, status: z.enum(['in_progress', 'done']) }),
    output: GoldLayer,
  }),
  'adjudication.progress': defineMethod({
    description:
      'How far adjudication has gone: documents to adjudicate (at least two annotators marked them done, or adjudication has started), adjudicated (marked done) and in progress.',
    input: z.strictObject({ projectId: Id.optional() }),
    output: z.strictObject({ total: Count, adjudicated: Count, inProgress: Count }),
  }),
};
