import { WorkbenchError } from '../errors';
import {
  getAnnotation,
  insertAnnotation,
  listLiveAnnotations,
  listLiveSpansCompact,
  stateOf,
  writeAnnotationState,
  type StoredAnnotation,
} from '../store/annotations';
import { getDocumentStatus, setDocumentStatus } from '../store/documentStatus';
import { recordEdit, type SpanChange } from '../store/editHistory';
import type { AttributeValue } from '../../shared/contract/schemas';
import { defaultAttributes, type LabelDef } from '../../shared/domain/labelSchema';
import { prefillAttributes, refreshPrefill } from '../../shared/domain/prefillAttributes';
import type { Annotation } from '../../shared/contract/methods/annotations';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';
import { requireLocalAnnotatorId } from './session';
import { assertNoOverlap, checkAttributes, confirmedOverlaps, openSpanScope, quoteOf, requireLabel, shortQuote, type SpanScope } from './spanRules';

/** Strips the storage-only fields from a span before it crosses a boundary. */
export function toContractAnnotation(stored: StoredAnnotation): Annotation {
  const { layer: _layer, originSource: _originSource, deleted: _deleted, ...annotation } = stored;
  return annotation;
}

type AnnotationMethods =
  'annotations.list' | 'annotations.listCompact' | 'annotations.create' | 'annotations.update' | 'annotations.delete' | 'annotations.replace';

/**
 * Span reading and editing for the local annotator. Every write is one transaction that also
 * records the operation in the edit history (so it can be undone after a restart); the caller
 * sees success only after that transaction committed.
 */
export function annotationHandlers(ctx: ServiceContext): Pick<Handlers, AnnotationMethods> {
  return {
    'annotations.list': ({ documentId }) => {
      const annotatorId = requireLocalAnnotatorId(ctx);
      return listLiveAnnotations(ctx.db, documentId, annotatorId).map(toContractAnnotation);
    },

    'annotations.listCompact': ({ documentId }) => ({ spans: listLiveSpansCompact(ctx.db, documentId, requireLocalAnnotatorId(ctx)) }),

    'annotations.create': (input) => {
      const annotatorId = requireLocalAnnotatorId(ctx);
      const scope = openSpanScope(ctx, input.documentId, annotatorId);
      const annotation = newAnnotation(ctx, scope, input);
      ctx.db
        .transaction(() => {
          assertNoOverlap(ctx, scope, input.start, input.end);
          insertAnnotation(ctx.db, annotation);
          markStarted(ctx, scope);
          recordEdit(
            ctx.db,
            scope.document.id,
            annotatorId,
            `Label “${shortQuote(annotation.quote)}” ${annotation.label}`,
            [created(annotation)],
            annotation.createdAt,
          );
        })
        .immediate();
      return toContractAnnotation(annotation);
    },

    'annotations.replace': (input) => {
      const annotatorId = requireLocalAnnotatorId(ctx);
      const scope = openSpanScope(ctx, input.documentId, annotatorId);
      const annotation = newAnnotation(ctx, scope, input);
      const removed = ctx.db
        .transaction(() => {
          const overlapping = confirmedOverlaps(ctx, scope, input.start, input.end, null, input.replaceIds);
          const changes: SpanChange[] = overlapping.map((span) => {
            const after = writeAnnotationState(ctx.db, span.id, { ...stateOf(span), deleted: true }, annotation.createdAt);
            return { id: span.id, before: stateOf(span), after: stateOf(after) };
          });
          insertAnnotation(ctx.db, annotation);
          markStarted(ctx, scope);
          const replacedText = overlapping.map((span) => `${span.label} “${shortQuote(span.quote)}”`).join(', ');
          recordEdit(
            ctx.db,
            scope.document.id,
            annotatorId,
            `Replace ${replacedText} with ${annotation.label} “${shortQuote(annotation.quote)}”`,
            [...changes, created(annotation)],
            annotation.createdAt,
          );
          return overlapping.map((span) => span.id);
        })
        .immediate();
      return { created: toContractAnnotation(annotation), removed };
    },

    'annotations.update': (input) => {
      const annotatorId = requireLocalAnnotatorId(ctx);
      return ctx.db
        .transaction(() => {
          const current = requireOwnLiveSpan(ctx, input.id, annotatorId, input.expectedRevision);
          const scope = openSpanScope(ctx, current.documentId, annotatorId);
          const label = requireLabel(scope.schema, input.label ?? current.label);
          const start = input.start ?? current.start;
          const end = input.end ?? current.end;
          const quote = quoteOf(scope, start, end);
          let attributes: Record<string, AttributeValue>;
          if (label.name !== current.label) {
            attributes = { ...defaultAttributes(label), ...prefillAttributes(label, quote), ...keptAttributes(label, current.attributes) };
          } else if (quote !== current.quote || start !== current.start) {
            attributes = refreshPrefill(label, current.quote, quote, current.attributes);
          } else {
            attributes = { ...current.attributes };
          }
          for (const [name, value] of Object.entries(input.attributes ?? {})) {
            if (value === null) delete attributes[name];
            else attributes[name] = value;
          }
          checkAttributes(label, attributes);
          const moved = start !== current.start || end !== current.end;
          const replaced = moved && input.replaceIds ? confirmedOverlaps(ctx, scope, start, end, current.id, input.replaceIds) : [];
          if (moved && !input.replaceIds) assertNoOverlap(ctx, scope, start, end, new Set([current.id]));
          const before = stateOf(current);
          const nextState = { start, end, label: label.name, attributes, quote, deleted: false };
          const updated = describeUpdate(current, nextState);
          if (!updated) return toContractAnnotation(current);
          const now = ctx.now();
          const removals: SpanChange[] = replaced.map((span) => {
            const after = writeAnnotationState(ctx.db, span.id, { ...stateOf(span), deleted: true }, now);
            return { id: span.id, before: stateOf(span), after: stateOf(after) };
          });
          const written = writeAnnotationState(ctx.db, current.id, nextState, now);
          const description =
            replaced.length > 0 ? `${updated}, replacing ${replaced.map((span) => `${span.label} “${shortQuote(span.quote)}”`).join(', ')}` : updated;
          recordEdit(ctx.db, current.documentId, annotatorId, description, [...removals, { id: current.id, before, after: stateOf(written) }], now);
          return toContractAnnotation(written);
        })
        .immediate();
    },

    'annotations.delete': (input) => {
      const annotatorId = requireLocalAnnotatorId(ctx);
      return ctx.db
        .transaction(() => {
          const current = requireOwnLiveSpan(ctx, input.id, annotatorId, input.expectedRevision);
          const now = ctx.now();
          const written = writeAnnotationState(ctx.db, current.id, { ...stateOf(current), deleted: true }, now);
          recordEdit(
            ctx.db,
            current.documentId,
            annotatorId,
            `Delete ${current.label} “${shortQuote(current.quote)}”`,
            [{ id: current.id, before: stateOf(current), after: stateOf(written) }],
            now,
          );
          return { id: written.id, revision: written.revision };
        })
        .immediate();
    },
  };
}

type NewSpanInput = { start: number; end: number; label: string; attributes?: Record<string, AttributeValue> | undefined };

/** Builds (and checks) a new manual span (suggestions override origin and source); attributes are defaults, then what the text implies, then the caller's. */
export function newAnnotation(ctx: ServiceContext, scope: SpanScope, input: NewSpanInput): StoredAnnotation {
  const label = requireLabel(scope.schema, input.label);
  const quote = quoteOf(scope, input.start, input.end);
  const attributes = { ...defaultAttributes(label), ...prefillAttributes(label, quote), ...input.attributes };
  for (const [name, value] of Object.entries(attributes)) if (value === null) delete attributes[name];
  checkAttributes(label, attributes);
  const now = ctx.now();
  return {
    id: ctx.newId(),
    documentId: scope.document.id,
    annotatorId: scope.annotatorId,
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
}

/** The history change of a span that did not exist before. */
export function created(annotation: StoredAnnotation): SpanChange {
  return { id: annotation.id, before: null, after: stateOf(annotation) };
}

/** A document the annotator starts on moves from todo to in progress. */
export function markStarted(ctx: ServiceContext, scope: SpanScope): void {
  if (getDocumentStatus(ctx.db, scope.document.id, scope.annotatorId) === 'todo') {
    setDocumentStatus(ctx.db, scope.document.id, scope.annotatorId, 'in_progress', ctx.now());
  }
}

/** The annotator's own live span, checked against the revision the caller last saw. */
function requireOwnLiveSpan(ctx: ServiceContext, id: string, annotatorId: string, expectedRevision: number | undefined): StoredAnnotation {
  const current = getAnnotation(ctx.db, id);
  if (!current || current.deleted || current.annotatorId !== annotatorId || current.layer !== 'annotator') {
    throw new WorkbenchError('not_found', `No span with id ${id} (it may have been deleted).`);
  }
  if (expectedRevision !== undefined && current.revision !== expectedRevision) {
    throw new WorkbenchError(
      'conflict',
      `The span “${shortQuote(current.quote)}” changed meanwhile (revision ${current.revision}, expected ${expectedRevision}).`,
      {
        revision: current.revision,
      },
    );
  }
  return current;
}

/** Attributes that carry over to a new label: those it defines, with values it accepts. */
export function keptAttributes(label: LabelDef, attributes: Record<string, AttributeValue>): Record<string, AttributeValue> {
  const kept: Record<string, AttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const candidate = { [name]: value };
    if (label.attributes.some((attribute) => attribute.name === name) && validateOne(label, candidate)) kept[name] = value;
  }
  return kept;
}

function validateOne(label: LabelDef, candidate: Record<string, AttributeValue>): boolean {
  try {
    checkAttributes(label, candidate);
    return true;
  } catch {
    return false;
  }
}

/** What an update does, for the undo menu; null when it changes nothing. */
function describeUpdate(
  current: StoredAnnotation,
  next: { start: number; end: number; label: string; quote: string; attributes: Record<string, AttributeValue> },
): string | null {
  const quoted = `“${shortQuote(current.quote)}”`;
  if (next.label !== current.label) return `Relabel ${quoted} as ${next.label}`;
  if (next.start !== current.start || next.end !== current.end) return `Resize ${quoted} to “${shortQuote(next.quote)}”`;
  const names = [...new Set([...Object.keys(current.attributes), ...Object.keys(next.attributes)])].filter(
    (name) => current.attributes[name] !== next.attributes[name],
  );
  if (names.length === 0) return null;
  return `Set ${names.join(', ')} of ${quoted}`;
}
