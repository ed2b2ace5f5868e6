import type { GoldLayer, GoldSpan } from '../../shared/contract/methods/adjudication';
import type { AttributeValue } from '../../shared/contract/schemas';
import { spanSignature } from '../../shared/adjudication/places';
import { defaultAttributes } from '../../shared/domain/labelSchema';
import { prefillAttributes, refreshPrefill } from '../../shared/domain/prefillAttributes';
import { WorkbenchError } from '../errors';
import { keptAttributes } from '../services/annotationHandlers';
import type { ServiceContext } from '../services/context';
import { checkAttributes, openSpanScope, quoteOf, requireLabel, shortQuote, type SpanScope } from '../services/spanRules';
import { getAdjudication, markAdjudicationStarted } from '../store/adjudication';
import { getAnnotation, insertAnnotation, stateOf, writeAnnotationState, type StoredAnnotation } from '../store/annotations';
import { getAnnotator } from '../store/annotators';
import { listGoldSpans } from '../store/goldSpans';

/**
 * Writes to the gold layer: one document's adjudicated spans (`annotation.layer = 'gold'`). Every
 * function here runs inside the caller's transaction; the handlers open it with BEGIN IMMEDIATE,
 * like the editor's writes, so a write is durable when the call returns and never half done.
 */

/** A span to add to the gold layer: where, which label and attributes, and where it came from. */
export type NewGoldSpan = { start: number; end: number; label: string; attributes: Record<string, AttributeValue>; sourceId: string | null };

/** The gold layer of a document as the contract returns it, with its adjudication state. */
export function goldLayerOf(ctx: ServiceContext, documentId: string): GoldLayer {
  return { gold: listGoldSpans(ctx.db, documentId).map(toGoldSpan), adjudication: adjudicationStateOf(ctx, documentId) };
}

/** A stored gold span as the contract returns it. */
export function toGoldSpan(span: StoredAnnotation): GoldSpan {
  return {
    id: span.id,
    start: span.start,
    end: span.end,
    label: span.label,
    attributes: span.attributes,
    annotatorId: span.annotatorId,
    revision: span.revision,
    origin: span.origin,
  };
}

/** A document's adjudication state with the adjudicator's name. */
export function adjudicationStateOf(ctx: ServiceContext, documentId: string): GoldLayer['adjudication'] {
  const row = getAdjudication(ctx.db, documentId);
  if (!row) return { status: 'todo', adjudicator: null, updatedAt: null };
  const adjudicator = getAnnotator(ctx.db, row.adjudicatorId);
  return { status: row.status, adjudicator: adjudicator ? { id: adjudicator.id, name: adjudicator.name } : null, updatedAt: row.updatedAt };
}

/** An annotator-layer span of the document, copied as a new gold span (its label and attributes as they are). */
export function goldCopyOf(ctx: ServiceContext, documentId: string, spanId: string): NewGoldSpan {
  const span = getAnnotation(ctx.db, spanId);
  if (!span || span.deleted || span.layer !== 'annotator' || span.documentId !== documentId) {
    throw new WorkbenchError('not_found', `No annotator's span with id ${spanId} in this document (it may have been deleted or changed): look again.`);
  }
  return { start: span.start, end: span.end, label: span.label, attributes: { ...span.attributes }, sourceId: span.id };
}

/**
 * Adds spans to a document's gold layer and removes others, as one change: the spans to remove
 * must be live gold spans of the document (else the caller saw an older state and must look
 * again); a span already in gold (same offsets, label and attributes) is not added twice; and
 * where the schema forbids overlap, the resulting gold layer must have none (the error names the
 * gold spans in the way, so the caller can offer to replace them). Stamps the adjudicator and
 * records that adjudication has started.
 */
export function changeGold(ctx: ServiceContext, documentId: string, adjudicatorId: string, add: readonly NewGoldSpan[], remove: readonly string[]): void {
  const scope = openSpanScope(ctx, documentId, adjudicatorId);
  const now = ctx.now();
  const current = listGoldSpans(ctx.db, documentId);
  const removing = new Set(remove);
  for (const id of removing) {
    if (!current.some((span) => span.id === id)) {
      throw new WorkbenchError('conflict', `The gold span ${id} is no longer in this document's gold layer: it changed meanwhile, look again.`);
    }
  }
  const kept = current.filter((span) => !removing.has(span.id));
  const seen = new Set(kept.map((span) => spanSignature(span)));
  const created: StoredAnnotation[] = [];
  for (const candidate of add) {
    const span = newGoldSpan(ctx, scope, candidate, now);
    const signature = spanSignature(span);
    if (seen.has(signature)) continue;
    seen.add(signature);
    created.push(span);
  }
  if (!scope.schema.allowOverlap) assertNoGoldOverlap(kept, created);
  for (const span of current) if (removing.has(span.id)) writeAnnotationState(ctx.db, span.id, { ...stateOf(span), deleted: true }, now);
  for (const span of created) insertAnnotation(ctx.db, span);
  markAdjudicationStarted(ctx.db, documentId, adjudicatorId, now);
}

/** A gold span's label, offsets or attributes changed (a patch: a null attribute clears it), revision raised. */
export function updateGold(
  ctx: ServiceContext,
  adjudicatorId: string,
  patch: {
    id: string;
    label?: string | undefined;
    start?: number | undefined;
    end?: number | undefined;
    attributes?: Record<string, AttributeValue> | undefined;
    expectedRevision?: number | undefined;
  },
): string {
  const current = getAnnotation(ctx.db, patch.id);
  if (!current || current.deleted || current.layer !== 'gold')
    throw new WorkbenchError('not_found', `No gold span with id ${patch.id} (it may have been removed).`);
  if (patch.expectedRevision !== undefined && current.revision !== patch.expectedRevision) {
    throw new WorkbenchError(
      'conflict',
      `The gold span “${shortQuote(current.quote)}” changed meanwhile (revision ${current.revision}, expected ${patch.expectedRevision}).`,
      {
        revision: current.revision,
      },
    );
  }
  const scope = openSpanScope(ctx, current.documentId, adjudicatorId);
  const label = requireLabel(scope.schema, patch.label ?? current.label);
  const start = patch.start ?? current.start;
  const end = patch.end ?? current.end;
  const quote = quoteOf(scope, start, end);
  // The same rules as the editor's relabel and resize (annotationHandlers.ts).
  let attributes: Record<string, AttributeValue>;
  if (label.name !== current.label)
    attributes = { ...defaultAttributes(label), ...prefillAttributes(label, quote), ...keptAttributes(label, current.attributes) };
  else if (quote !== current.quote || start !== current.start) attributes = refreshPrefill(label, current.quote, quote, current.attributes);
  else attributes = { ...current.attributes };
  for (const [name, value] of Object.entries(patch.attributes ?? {})) {
    if (value === null) delete attributes[name];
    else attributes[name] = value;
  }
  checkAttributes(label, attributes);
  const next = { start, end, label: label.name, attributes, quote, deleted: false };
  if (!scope.schema.allowOverlap && (start !== current.start || end !== current.end)) {
    const others = listGoldSpans(ctx.db, current.documentId).filter((span) => span.id !== current.id);
    assertNoGoldOverlap(others, [{ ...current, ...next }]);
  }
  const now = ctx.now();
  writeAnnotationState(ctx.db, current.id, next, now);
  markAdjudicationStarted(ctx.db, current.documentId, adjudicatorId, now);
  return current.documentId;
}

function newGoldSpan(ctx: ServiceContext, scope: SpanScope, candidate: NewGoldSpan, now: string): StoredAnnotation {
  const label = requireLabel(scope.schema, candidate.label);
  const quote = quoteOf(scope, candidate.start, candidate.end);
  const attributes = { ...candidate.attributes };
  for (const [name, value] of Object.entries(attributes)) if (value === null) delete attributes[name];
  checkAttributes(label, attributes);
  return {
    id: ctx.newId(),
    documentId: scope.document.id,
    annotatorId: scope.annotatorId,
    layer: 'gold',
    start: candidate.start,
    end: candidate.end,
    label: label.name,
    attributes,
    quote,
    origin: 'adjudicated',
    // Provenance: the annotator's span it was accepted from (null when the adjudicator made it).
    originSource: candidate.sourceId,
    revision: 1,
    createdAt: now,
    updatedAt: now,
    deleted: false,
  };
}

/** Refuses new gold spans that overlap each other or the gold spans kept (schemas without overlap). */
function assertNoGoldOverlap(kept: readonly StoredAnnotation[], created: readonly StoredAnnotation[]): void {
  const overlaps = (x: StoredAnnotation, y: StoredAnnotation) => x.start < y.end && y.start < x.end;
  created.forEach((span, index) => {
    const inTheWay = kept.filter((other) => overlaps(span, other));
    const first = inTheWay[0];
    if (first) {
      throw new WorkbenchError(
        'overlap',
        `“${shortQuote(span.quote)}” overlaps the gold span ${first.label} “${shortQuote(first.quote)}”; this project's spans may not overlap: replace it, or accept one of them.`,
        { overlapping: inTheWay.map((other) => other.id) },
      );
    }
    const sibling = created.slice(index + 1).find((other) => overlaps(span, other));
    if (sibling) {
      throw new WorkbenchError(
        'overlap',
        `“${shortQuote(span.quote)}” and “${shortQuote(sibling.quote)}” overlap; this project's spans may not overlap, so accept only one of them.`,
        { overlapping: [] },
      );
    }
  });
}
