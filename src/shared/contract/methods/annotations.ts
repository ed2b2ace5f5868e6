import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { Attributes, Id, Offset, Timestamp } from '../schemas';

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

export const annotationMethods = {
  'annotations.list': defineMethod({
    description: "The local annotator's live spans in a document, ordered by start.",
    input: z.strictObject({ documentId: Id }),
    output: z.array(Annotation),
  }),
  'annotations.create': defineMethod({
    description: 'Creates a span for the local annotator, durably, in its own transaction. Offsets are code points, end exclusive.',
    input: z
      .strictObject({
        documentId: Id,
        start: Offset,
        end: Offset,
        label: z.string().min(1).max(64),
        attributes: Attributes.optional(),
      })
      .refine((span) => span.end > span.start, { message: 'end must be greater than start', path: ['end'] }),
    output: Annotation,
  }),
};
