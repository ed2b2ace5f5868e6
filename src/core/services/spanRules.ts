import { WorkbenchError } from '../errors';
import { findOverlapping, type StoredAnnotation } from '../store/annotations';
import { getDocument } from '../store/documents';
import type { SpanState } from '../store/editHistory';
import type { AttributeValue } from '../../shared/contract/schemas';
import type { DocumentRecord } from '../../shared/contract/methods/documents';
import { findLabel, type LabelDef, type LabelSchema } from '../../shared/domain/labelSchema';
import { validateAttributes } from '../../shared/domain/validateAttributes';
import { OffsetMap } from '../../shared/text/offsetMap';
import { isGraphemeBoundary } from '../../shared/text/wordSnap';
import type { ServiceContext } from './context';
import { requireProject } from './session';

/** Everything the span rules need about one document: its text, offsets and the project's schema. */
export type SpanScope = { annotatorId: string; document: DocumentRecord; schema: LabelSchema; offsets: OffsetMap };

// Offset maps of the documents edited last, by text hash: every edit of a long article would
// otherwise rescan its text. A text's map never changes, so the hash is a safe key.
const recentOffsetMaps = new Map<string, OffsetMap>();

function offsetMapOf(document: DocumentRecord): OffsetMap {
  let map = recentOffsetMaps.get(document.textSha256);
  if (!map) {
    map = new OffsetMap(document.text);
    if (recentOffsetMaps.size >= 8) recentOffsetMaps.delete(recentOffsetMaps.keys().next().value ?? '');
    recentOffsetMaps.set(document.textSha256, map);
  }
  return map;
}

/** Loads a document for editing by an annotator, or throws not_found. */
export function openSpanScope(ctx: ServiceContext, documentId: string, annotatorId: string): SpanScope {
  const document = getDocument(ctx.db, documentId, annotatorId);
  if (!document) throw new WorkbenchError('not_found', `No document with id ${documentId}.`);
  const { schema } = requireProject(ctx, document.projectId);
  return { annotatorId, document, schema, offsets: offsetMapOf(document) };
}

/** A label of the schema by name, or an invalid_input error listing the labels there are. */
export function requireLabel(schema: LabelSchema, name: string): LabelDef {
  const label = findLabel(schema, name);
  if (!label) throw new WorkbenchError('invalid_input', `Unknown label "${name}"; this project's labels are ${schema.labels.map((l) => l.name).join(', ')}.`);
  return label;
}

/**
 * The text of a span [start, end) in code points, after checking that it lies inside the
 * document, splits no grapheme cluster and holds more than whitespace.
 */
export function quoteOf(scope: SpanScope, start: number, end: number): string {
  if (end <= start) throw new WorkbenchError('invalid_input', `The span ${start}–${end} is empty: its end must come after its start.`);
  if (end > scope.document.charCount) {
    throw new WorkbenchError('invalid_input', `The span ${start}–${end} ends past the end of the document (${scope.document.charCount} characters).`);
  }
  const from = scope.offsets.toUtf16(start);
  const to = scope.offsets.toUtf16(end);
  const text = scope.document.text;
  if (!isGraphemeBoundary(text, from) || !isGraphemeBoundary(text, to)) {
    throw new WorkbenchError('invalid_input', `The span ${start}–${end} splits a character (a grapheme cluster).`);
  }
  const quote = text.slice(from, to);
  if (quote.trim() === '') throw new WorkbenchError('invalid_input', 'A span must contain more than whitespace.');
  return quote;
}

/** Throws invalid_input naming every attribute the label refuses. */
export function checkAttributes(label: LabelDef, attributes: Record<string, AttributeValue>): void {
  const issues = validateAttributes(label, attributes);
  if (issues.length > 0) throw new WorkbenchError('invalid_input', issues.map((issue) => `${issue.attribute}: ${issue.message}`).join('; '));
}

/** The live spans [start, end) would overlap, other than those in `ignore`. */
export function overlapsOf(ctx: ServiceContext, scope: SpanScope, start: number, end: number, ignore: ReadonlySet<string> = new Set()): StoredAnnotation[] {
  return findOverlapping(ctx.db, scope.document.id, scope.annotatorId, 'annotator', start, end).filter((span) => !ignore.has(span.id));
}

/**
 * The spans overlapping [start, end) (other than `except`), when they are exactly the ones the user
 * confirmed replacing; if the spans in the way changed since, the user is asked again.
 */
export function confirmedOverlaps(
  ctx: ServiceContext,
  scope: SpanScope,
  start: number,
  end: number,
  except: string | null,
  confirmed: readonly string[],
): StoredAnnotation[] {
  const wanted = new Set(confirmed);
  const overlapping = overlapsOf(ctx, scope, start, end, new Set(except === null ? [] : [except]));
  if (overlapping.length !== wanted.size || overlapping.some((span) => !wanted.has(span.id))) {
    throw new WorkbenchError('overlap', 'The spans under this selection changed; look again before replacing them.', {
      overlapping: overlapping.map((span) => span.id),
    });
  }
  return overlapping;
}

/** Refuses a span that would overlap another when the schema forbids overlap; details name the spans in the way. */
export function assertNoOverlap(ctx: ServiceContext, scope: SpanScope, start: number, end: number, ignore: ReadonlySet<string> = new Set()): void {
  if (scope.schema.allowOverlap) return;
  const overlapping = overlapsOf(ctx, scope, start, end, ignore);
  const first = overlapping[0];
  if (first) {
    throw new WorkbenchError('overlap', `This span overlaps ${first.label} “${first.quote}”; this project's spans may not overlap.`, {
      overlapping: overlapping.map((span) => span.id),
    });
  }
}

/** A short quotation of a span for history descriptions and messages. */
export function shortQuote(quote: string): string {
  const points = [...quote];
  return points.length <= 40 ? quote : `${points.slice(0, 39).join('')}…`;
}

/** Whether two span states are the same (attributes compared regardless of key order). */
export function sameState(a: SpanState, b: SpanState): boolean {
  return (
    a.start === b.start &&
    a.end === b.end &&
    a.label === b.label &&
    a.quote === b.quote &&
    a.deleted === b.deleted &&
    canonicalJson(a.attributes) === canonicalJson(b.attributes)
  );
}

function canonicalJson(record: Record<string, AttributeValue>): string {
  return JSON.stringify(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  );
}
