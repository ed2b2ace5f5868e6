import { WorkbenchError } from '../errors';
import { getAnnotation, insertAnnotation, listLiveSpanRanges, type StoredAnnotation } from '../store/annotations';
import { recordEdit, type SpanChange } from '../store/editHistory';
import {
  answeredRanges,
  getSuggestion,
  listSuggestionRanges,
  rangeKey,
  recordDecision,
  type StoredSuggestion,
  type SuggestionRange,
} from '../store/suggestions';
import type { Suggestion } from '../../shared/contract/methods/suggestions';
import { defaultFlagsFor } from '../suggestions/labelRules';
import { PhraseMatcher } from '../suggestions/matching/phraseMatcher';
import { selectCandidates } from '../suggestions/matching/selectCandidates';
import { PROPAGATION_SOURCE } from '../suggestions/sources';
import { created, markStarted, newAnnotation } from './annotationHandlers';
import type { ServiceContext } from './context';
import { openSpanScope, overlapsOf, shortQuote, type SpanScope } from './spanRules';

/** Rank of a source when two suggestions of the same length start at the same place: lists first, then propagation, then the rule. */
function priorityOf(source: string): number {
  if (source.startsWith('gazetteer:')) return 0;
  return source === PROPAGATION_SOURCE ? 1 : 2;
}

function toContract(suggestion: StoredSuggestion): Suggestion {
  const { documentId: _documentId, quote: _quote, ...rest } = suggestion;
  return rest;
}

/**
 * What to offer an annotator in a document now: stored suggestions not yet answered, chosen
 * longest first so none overlaps another, none overlaps the annotator's spans (unless the schema
 * allows overlap, when only an exact duplicate is left out). Ordered by start. Chosen from ranges
 * alone: a document can hold tens of thousands of overlapping candidates and offer a few thousand.
 */
export function offeredSuggestions(ctx: ServiceContext, scope: SpanScope): SuggestionRange[] {
  const answered = answeredRanges(ctx.db, scope.document.id, scope.annotatorId);
  const stored = listSuggestionRanges(ctx.db, scope.document.id)
    .filter((suggestion) => !answered.has(rangeKey(suggestion.start, suggestion.end, suggestion.label)))
    .map((suggestion) => ({ ...suggestion, priority: priorityOf(suggestion.source) }));
  const spans = listLiveSpanRanges(ctx.db, scope.document.id, scope.annotatorId);
  return selectCandidates(stored, spans, scope.schema.allowOverlap).map(({ priority: _priority, ...suggestion }) => suggestion);
}

/** The offered suggestions as the contract shows them (read whole inside one transaction, so each is still there). */
export function listOffered(ctx: ServiceContext, scope: SpanScope): Suggestion[] {
  return ctx.db.transaction(() =>
    offeredSuggestions(ctx, scope).flatMap((offered) => {
      const suggestion = getSuggestion(ctx.db, offered.id);
      return suggestion ? [toContract(suggestion)] : [];
    }),
  )();
}

/** Which suggestions a request names: its ids, or every one offered inside its range. */
function chosen(ctx: ServiceContext, scope: SpanScope, ids: readonly number[] | undefined, range: { start: number; end: number } | undefined): number[] {
  if (ids && range) throw new WorkbenchError('invalid_input', 'Give suggestion ids or a range, not both.');
  if (ids) return [...ids];
  if (!range) throw new WorkbenchError('invalid_input', 'Give the suggestion ids, or a range whose suggestions to take.');
  return offeredSuggestions(ctx, scope)
    .filter((suggestion) => suggestion.start >= range.start && suggestion.end <= range.end)
    .map((suggestion) => suggestion.id);
}

type Skipped = { id: number; reason: string };

/** Why a suggestion (or an occurrence) cannot become a span now, or null. */
function blockedBy(ctx: ServiceContext, scope: SpanScope, start: number, end: number, label: string): string | null {
  const overlapping = overlapsOf(ctx, scope, start, end);
  const same = overlapping.find((span) => span.start === start && span.end === end && span.label === label);
  if (same) return `already labelled ${label}`;
  const first = overlapping[0];
  if (first && !scope.schema.allowOverlap) return `overlaps ${first.label} “${shortQuote(first.quote)}”`;
  return null;
}

/**
 * Accepts suggestions of a document: each becomes a span of the local annotator with origin
 * `suggestion` and its source, all in one transaction and one undo step. One that overlaps a
 * span (or one accepted before it in the same call), was answered already or is gone is skipped
 * with the reason.
 */
export function acceptSuggestions(
  ctx: ServiceContext,
  documentId: string,
  annotatorId: string,
  request: { ids?: number[] | undefined; range?: { start: number; end: number } | undefined },
): { created: StoredAnnotation[]; accepted: number[]; skipped: Skipped[] } {
  const scope = openSpanScope(ctx, documentId, annotatorId);
  return ctx.db
    .transaction(() => {
      const answered = answeredRanges(ctx.db, documentId, annotatorId);
      const made: StoredAnnotation[] = [];
      const accepted: number[] = [];
      const skipped: Skipped[] = [];
      for (const id of chosen(ctx, scope, request.ids, request.range)) {
        const suggestion = getSuggestion(ctx.db, id);
        if (!suggestion || suggestion.documentId !== documentId) {
          skipped.push({ id, reason: 'no such suggestion in this document (it may have been replaced by a newer run)' });
          continue;
        }
        const key = rangeKey(suggestion.start, suggestion.end, suggestion.label);
        if (answered.has(key)) {
          skipped.push({ id, reason: 'already answered' });
          continue;
        }
        const blocked = blockedBy(ctx, scope, suggestion.start, suggestion.end, suggestion.label);
        if (blocked) {
          skipped.push({ id, reason: blocked });
          continue;
        }
        let annotation: StoredAnnotation;
        try {
          annotation = { ...newAnnotation(ctx, scope, suggestion), origin: 'suggestion', originSource: suggestion.source };
        } catch (error) {
          if (!(error instanceof WorkbenchError)) throw error;
          skipped.push({ id, reason: error.message });
          continue;
        }
        insertAnnotation(ctx.db, annotation);
        recordDecision(ctx.db, {
          documentId,
          annotatorId,
          start: annotation.start,
          end: annotation.end,
          label: annotation.label,
          source: suggestion.source,
          decision: 'accepted',
          attributes: annotation.attributes,
          annotationId: annotation.id,
          decidedAt: annotation.createdAt,
        });
        answered.add(key);
        made.push(annotation);
        accepted.push(id);
      }
      if (made.length > 0) {
        markStarted(ctx, scope);
        const first = made[0]!;
        const description =
          made.length === 1 ? `Accept ${first.label} “${shortQuote(first.quote)}” (${first.originSource ?? ''})` : `Accept ${made.length} suggestions`;
        recordEdit(ctx.db, documentId, annotatorId, description, made.map(created), first.createdAt);
      }
      return { created: made, accepted, skipped };
    })
    .immediate();
}

/** Rejects suggestions of a document: their range and label are never offered to this annotator again in it. */
export function rejectSuggestions(
  ctx: ServiceContext,
  documentId: string,
  annotatorId: string,
  request: { ids?: number[] | undefined; range?: { start: number; end: number } | undefined },
): number[] {
  const scope = openSpanScope(ctx, documentId, annotatorId);
  return ctx.db
    .transaction(() => {
      const rejected: number[] = [];
      const now = ctx.now();
      for (const id of chosen(ctx, scope, request.ids, request.range)) {
        const suggestion = getSuggestion(ctx.db, id);
        if (!suggestion || suggestion.documentId !== documentId) continue;
        recordDecision(ctx.db, {
          documentId,
          annotatorId,
          start: suggestion.start,
          end: suggestion.end,
          label: suggestion.label,
          source: suggestion.source,
          decision: 'rejected',
          attributes: suggestion.attributes,
          annotationId: null,
          decidedAt: now,
        });
        rejected.push(id);
      }
      return rejected;
    })
    .immediate();
}

/** An occurrence of a span's text elsewhere in its document, with why it cannot be labelled (or null). */
export type Occurrence = { start: number; end: number; quote: string; before: string; after: string; blockedBy: string | null };

const CONTEXT = 40;

/**
 * The other whole-token occurrences of a span's text in its document (the span's label's case
 * rule), for "label every occurrence in this document".
 */
export function occurrencesOf(ctx: ServiceContext, annotationId: string, annotatorId: string): { span: StoredAnnotation; occurrences: Occurrence[] } {
  const span = getAnnotation(ctx.db, annotationId);
  if (!span || span.deleted || span.annotatorId !== annotatorId || span.layer !== 'annotator') {
    throw new WorkbenchError('not_found', `No span with id ${annotationId} (it may have been deleted).`);
  }
  const scope = openSpanScope(ctx, span.documentId, annotatorId);
  const matcher = new PhraseMatcher();
  if (!matcher.add(0, span.quote, defaultFlagsFor(span.label))) return { span, occurrences: [] };
  matcher.build();
  const text = scope.document.text;
  const occurrences = matcher
    .match(text)
    .sort((a, b) => a.start - b.start)
    .map((match) => {
      const start = scope.offsets.toCodePoint(match.start);
      const end = scope.offsets.toCodePoint(match.end);
      return {
        start,
        end,
        quote: text.slice(match.start, match.end),
        before: text.slice(Math.max(0, match.start - CONTEXT), match.start),
        after: text.slice(match.end, match.end + CONTEXT),
        blockedBy: start === span.start && end === span.end ? 'this span' : blockedBy(ctx, scope, start, end, span.label),
      };
    })
    .filter((occurrence) => occurrence.blockedBy !== 'this span');
  return { span, occurrences };
}

/**
 * Labels the chosen occurrences of a span like the span (label and attributes; origin
 * `suggestion`, source `propagation`) in one transaction and one undo step. A range that is not
 * an occurrence is refused; one that cannot be labelled now is skipped with the reason.
 */
export function labelOccurrences(
  ctx: ServiceContext,
  annotationId: string,
  annotatorId: string,
  ranges: readonly { start: number; end: number }[],
): { created: StoredAnnotation[]; skipped: { start: number; end: number; reason: string }[] } {
  return ctx.db
    .transaction(() => {
      const { span, occurrences } = occurrencesOf(ctx, annotationId, annotatorId);
      const scope = openSpanScope(ctx, span.documentId, annotatorId);
      const known = new Set(occurrences.map((occurrence) => `${occurrence.start}:${occurrence.end}`));
      const made: StoredAnnotation[] = [];
      const skipped: { start: number; end: number; reason: string }[] = [];
      for (const range of ranges) {
        if (!known.has(`${range.start}:${range.end}`)) {
          throw new WorkbenchError('invalid_input', `${range.start}–${range.end} is not an occurrence of “${shortQuote(span.quote)}” in this document.`);
        }
        const blocked = blockedBy(ctx, scope, range.start, range.end, span.label);
        if (blocked) {
          skipped.push({ ...range, reason: blocked });
          continue;
        }
        const annotation: StoredAnnotation = {
          ...newAnnotation(ctx, scope, { start: range.start, end: range.end, label: span.label, attributes: span.attributes }),
          origin: 'suggestion',
          originSource: PROPAGATION_SOURCE,
        };
        insertAnnotation(ctx.db, annotation);
        made.push(annotation);
      }
      if (made.length > 0) {
        markStarted(ctx, scope);
        const changes: SpanChange[] = made.map(created);
        recordEdit(ctx.db, span.documentId, annotatorId, `Label ${made.length} more “${shortQuote(span.quote)}” ${span.label}`, changes, made[0]!.createdAt);
      }
      return { created: made, skipped };
    })
    .immediate();
}
