import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { Attributes, AttributeValue, Id, Offset, Timestamp } from '../schemas';

const LabelName = z.string().min(1).max(64);
const Revision = z.number().int().positive();

export const AnnotationOrigin = z.enum(['manual', 'suggestion', 'imported', 'adjudicated']);
export type AnnotationOrigin = z.infer<typeof AnnotationOrigin>;

/** A span as stored: code-point offsets, end exclusive, with the quoted text kept redundantly. */
export const Annotation = z.object({
  id: Id,
  documentId: Id,
  annotatorId: Id,
  start: Offset,
  end: Offset,
  label: z.string(),
  attributes: Attributes,
  quote: z.string(),
  origin: AnnotationOrigin,
  revision: z.number().int().positive(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Annotation = z.infer<typeof Annotation>;

/**
 * A span as a document view draws it, as a tuple: id, start, end (code points), label,
 * attributes, revision. Its quote follows from the document text. A tenth of the bytes of a full
 * Annotation per span, which counts when an article has 10,000 spans. Attributes were validated
 * when written, so here only their shape is checked.
 */
export const CompactSpan = z.tuple([Id, Offset, Offset, z.string(), z.record(z.string(), AttributeValue), z.number().int().positive()]);
export type CompactSpan = z.infer<typeof CompactSpan>;

export const annotationMethods = {
  'annotations.list': defineMethod({
    description: "The local annotator's live spans in a document, ordered by start.",
    input: z.strictObject({ documentId: Id }),
    output: z.array(Annotation),
  }),
  'annotations.listCompact': defineMethod({
    description:
      'The same spans as annotations.list, compactly, for drawing thousands at once: [id, start, end, label, attributes, revision], ordered by start.',
    input: z.strictObject({ documentId: Id }),
    output: z.object({ spans: z.array(CompactSpan) }),
  }),
  'annotations.create': defineMethod({
    description: 'Creates a span for the local annotator, durably, in its own transaction. Offsets are code points, end exclusive.',
    input: z
      .strictObject({
        documentId: Id,
        start: Offset,
        end: Offset,
        label: LabelName,
        attributes: Attributes.optional(),
      })
      .refine((span) => span.end > span.start, { message: 'end must be greater than start', path: ['end'] }),
    output: Annotation,
  }),
  'annotations.update': defineMethod({
    description:
      "Changes a span's label, offsets or attributes (a patch: a null value clears an attribute), durably, raising its revision. " +
      'With expectedRevision, refuses if the span changed meanwhile. New offsets that overlap other spans are refused, unless ' +
      'replaceIds names exactly those spans (as the overlap error reported them): they are then deleted in the same transaction and undo step.',
    input: z
      .strictObject({
        id: Id,
        label: LabelName.optional(),
        start: Offset.optional(),
        end: Offset.optional(),
        attributes: Attributes.optional(),
        expectedRevision: Revision.optional(),
        replaceIds: z.array(Id).min(1).max(100).optional(),
      })
      .refine((patch) => patch.label !== undefined || patch.start !== undefined || patch.end !== undefined || patch.attributes !== undefined, {
        message: 'give at least one of label, start, end, attributes',
      }),
    output: Annotation,
  }),
  'annotations.delete': defineMethod({
    description: 'Deletes a span (a tombstone with a higher revision: nothing is hard-deleted), durably.',
    input: z.strictObject({ id: Id, expectedRevision: Revision.optional() }),
    output: z.object({ id: Id, revision: Revision }),
  }),
  'annotations.replace': defineMethod({
    description:
      'Creates a span in place of the spans it overlaps (named in replaceIds, as an overlap error reported them), in one durable transaction and one undo step.',
    input: z
      .strictObject({
        documentId: Id,
        start: Offset,
        end: Offset,
        label: LabelName,
        attributes: Attributes.optional(),
        replaceIds: z.array(Id).min(1).max(100),
      })
      .refine((span) => span.end > span.start, { message: 'end must be greater than start', path: ['end'] }),
    output: z.object({ created: Annotation, removed: z.array(Id) }),
  }),
};
