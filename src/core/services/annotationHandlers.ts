import { WorkbenchError } from '../errors';
import { findOverlapping, insertAnnotation, listLiveAnnotations, type StoredAnnotation } from '../store/annotations';
import { getDocument } from '../store/documents';
import { getDocumentStatus, setDocumentStatus } from '../store/documentStatus';
import { defaultAttributes, findLabel } from '../../shared/domain/labelSchema';
import { validateAttributes } from '../../shared/domain/validateAttributes';
import { OffsetMap } from '../../shared/text/offsetMap';
import { isGraphemeBoundary } from '../../shared/text/wordSnap';
import type { Annotation } from '../../shared/contract/methods/annotations';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';
import { requireLocalAnnotatorId, requireProject } from './session';

/** Strips the storage-only fields from a span before it crosses a boundary. */
export function toContractAnnotation(stored: StoredAnnotation): Annotation {
  const { layer: _layer, originSource: _originSource, deleted: _deleted, ...annotation } = stored;
  return annotation;
}

/** Span reading and editing for the local annotator. */
export function annotationHandlers(ctx: ServiceContext): Pick<Handlers, 'annotations.list' | 'annotations.create'> {
  return {
    'annotations.list': ({ documentId }) => {
      const annotatorId = requireLocalAnnotatorId(ctx);
      return listLiveAnnotations(ctx.db, documentId, annotatorId).map(toContractAnnotation);
    },
    'annotations.create': (input) => {
      const annotatorId = requireLocalAnnotatorId(ctx);
      const document = getDocument(ctx.db, input.documentId, annotatorId);
      if (!document) throw new WorkbenchError('not_found', `No document with id ${input.documentId}.`);
      const { schema } = requireProject(ctx, document.projectId);
      const label = findLabel(schema, input.label);
      if (!label) {
        throw new WorkbenchError('invalid_input', `Unknown label "${input.label}"; this project's labels are ${schema.labels.map((l) => l.name).join(', ')}.`);
      }
      if (input.end > document.charCount) {
        throw new WorkbenchError('invalid_input', `The span ${input.start}–${input.end} ends past the end of the document (${document.charCount} characters).`);
      }
      const offsets = new OffsetMap(document.text);
      const from = offsets.toUtf16(input.start);
      const to = offsets.toUtf16(input.end);
      if (!isGraphemeBoundary(document.text, from) || !isGraphemeBoundary(document.text, to)) {
        throw new WorkbenchError('invalid_input', `The span ${input.start}–${input.end} splits a character (a grapheme cluster).`);
      }
      const quote = document.text.slice(from, to);
      if (quote.trim() === '') throw new WorkbenchError('invalid_input', 'A span must contain more than whitespace.');
      const attributes = { ...defaultAttributes(label), ...input.attributes };
      const issues = validateAttributes(label, attributes);
      if (issues.length > 0) {
        throw new WorkbenchError('invalid_input', issues.map((issue) => `${issue.attribute}: ${issue.message}`).join('; '));
      }
      const now = ctx.now();
      const annotation: StoredAnnotation = {
        id: ctx.newId(),
        documentId: document.id,
        annotatorId,
        layer: 'annotator',
        start: input.start,
        end: input.end,
        label: label.name,
        attributes,
        quote,
        origin: 'manual',
        originSource: null,
        revision: 1,
        createdAt: now,
        updatedAt: now,
        deleted: false,
      };
      // IMMEDIATE: take the write lock at BEGIN, where SQLite's busy timeout applies. A deferred
      // transaction that reads first and then writes gets SQLITE_BUSY at once while a job's
      // connection holds the lock (an import in its worker), instead of waiting for it.
      ctx.db
        .transaction(() => {
          if (!schema.allowOverlap) {
            const overlapping = findOverlapping(ctx.db, document.id, annotatorId, 'annotator', input.start, input.end);
            const first = overlapping[0];
            if (first) {
              throw new WorkbenchError('overlap', `This span overlaps ${first.label} “${first.quote}”; this project's spans may not overlap.`, {
                overlapping: overlapping.map((span) => span.id),
              });
            }
          }
          insertAnnotation(ctx.db, annotation);
          if (getDocumentStatus(ctx.db, document.id, annotatorId) === 'todo') setDocumentStatus(ctx.db, document.id, annotatorId, 'in_progress', now);
        })
        .immediate();
      return toContractAnnotation(annotation);
    },
  };
}
