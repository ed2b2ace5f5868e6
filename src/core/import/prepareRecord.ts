import { createHash } from 'node:crypto';
import { LIMITS } from '../../shared/contract/limits';
import type { AnnotationOrigin } from '../../shared/contract/methods/annotations';
import type { ImportIssue } from '../../shared/contract/methods/imports';
import type { AttributeValue } from '../../shared/contract/schemas';
import { findLabel, type LabelDef, type LabelSchema } from '../../shared/domain/labelSchema';
import { validateAttributes } from '../../shared/domain/validateAttributes';
import { OffsetMap, codePointLength } from '../../shared/text/offsetMap';
import { isGraphemeBoundary } from '../../shared/text/wordSnap';
import { ImportError, type ImportLocation } from './importError';
import { toMetadata, type Metadata } from './metadata';
import type { SourceRecord, SourceSpan } from './types';

/** A span ready to store: code points, end exclusive, its text, a label of the schema. */
export type PreparedSpan = {
  start: number;
  end: number;
  quote: string;
  label: string;
  attributes: Record<string, AttributeValue>;
  annotator: { name: string; id?: string | undefined } | null;
  id?: string | undefined;
  origin: AnnotationOrigin;
  layer: 'annotator' | 'gold';
  originSource: string;
  at: ImportLocation;
};

/** A document ready to store. */
export type PreparedDocument = {
  at: ImportLocation;
  text: string;
  textSha256: string;
  charCount: number;
  title: string;
  source: string | null;
  publishedAt: string | null;
  externalId: string | null;
  metadata: Metadata;
  id?: string | undefined;
  spans: PreparedSpan[];
};

export type PrepareResult = { document: PreparedDocument | null; issues: Omit<ImportIssue, 'file'>[] };

const TITLE_LENGTH = 200;
const TEXT_FIELD_LENGTH = 2_000;

/**
 * Validates a source record and converts it to what the store holds. Broken input (a lone
 * surrogate, a NUL, a span outside the text or splitting a character, a span text that does not
 * match) throws an {@link ImportError} naming the file, line and field, so the whole file is
 * refused. Policy skips (an empty document, a label outside the schema, an attribute the label
 * lacks) are returned as issues for the summary.
 */
export function prepareRecord(record: SourceRecord, schema: LabelSchema, labelMap: Record<string, string> = {}): PrepareResult {
  const { at, text } = record;
  const issues: PrepareResult['issues'] = [];
  checkText(text, at, 'text');
  const charCount = codePointLength(text);
  if (charCount > LIMITS.documentLength) {
    throw new ImportError(at, `the text has ${charCount} characters, over the limit of ${LIMITS.documentLength} per document.`, 'too_large');
  }
  if (text.trim() === '') {
    issues.push({ line: at.line ?? null, kind: 'skipped_document', message: `${where(at)}: the text is empty or only whitespace.` });
    return { document: null, issues };
  }
  const textSha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  if (record.textSha256 !== undefined && record.textSha256 !== textSha256) {
    throw new ImportError(
      { ...at, field: 'text_sha256' },
      `text_sha256 is ${record.textSha256} but the text's SHA-256 is ${textSha256}; the file was altered or damaged.`,
    );
  }
  const fields: [string, string | null][] = [
    ['title', record.title],
    ['source', record.source],
    ['published_at', record.publishedAt],
    ['id', record.externalId],
  ];
  for (const [field, value] of fields) {
    if (value === null) continue;
    checkText(value, at, field);
    if (value.length > TEXT_FIELD_LENGTH) throw new ImportError({ ...at, field }, `longer than ${TEXT_FIELD_LENGTH} characters.`, 'too_large');
  }
  const { metadata, dropped } = toMetadata(record.metadata);
  for (const name of dropped) issues.push({ line: at.line ?? null, kind: 'skipped_document', message: `${where(at)}: metadata field ${name} was not kept.` });

  const offsets = record.spans.length > 0 ? new OffsetMap(text) : null;
  const spans: PreparedSpan[] = [];
  for (const span of record.spans) {
    if (!offsets) break;
    const prepared = prepareSpan(span, text, offsets, schema, labelMap, issues);
    if (prepared) spans.push(prepared);
  }
  return {
    document: {
      at,
      text,
      textSha256,
      charCount,
      title: record.title?.trim() ? record.title : titleFromText(text, at),
      source: record.source,
      publishedAt: record.publishedAt,
      externalId: record.externalId,
      metadata,
      id: record.id,
      spans,
    },
    issues,
  };
}

/** The first non-empty line of a text, shortened, as a title when the source gives none. */
export function titleFromText(text: string, at: ImportLocation): string {
  const first = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .find((line) => line !== '');
  if (!first) return at.line !== undefined ? `${at.file} line ${at.line}` : at.file;
  const points = [...first];
  return points.length > TITLE_LENGTH ? `${points.slice(0, TITLE_LENGTH - 1).join('')}…` : first;
}

function where(at: ImportLocation): string {
  return at.line !== undefined ? `line ${at.line}` : at.file;
}

/** Refuses text SQLite or Python would mangle: lone surrogates and NUL. */
function checkText(value: string, at: ImportLocation, field: string): void {
  if (!value.isWellFormed()) {
    const index = firstLoneSurrogate(value);
    throw new ImportError(
      { ...at, field },
      `contains a lone surrogate (\\u${value.charCodeAt(index).toString(16)} at character ${codePointLength(value.slice(0, index))}); it is not valid Unicode text.`,
    );
  }
  const nul = value.indexOf('\u0000');
  if (nul >= 0) throw new ImportError({ ...at, field }, `contains a NUL character at character ${codePointLength(value.slice(0, nul))}.`);
}

function firstLoneSurrogate(value: string): number {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return i;
  }
  return 0;
}

type Located = { start: number; end: number; from: number; to: number };

/** Converts a span's offsets in one unit to code points and UTF-16, or says why it cannot. */
function locate(span: SourceSpan, unit: SourceSpan['units'][number], offsets: OffsetMap): Located | string {
  const start = span.start as number;
  const end = span.end as number;
  if (unit === 'utf16') {
    if (end > offsets.utf16Length) return `ends at ${end}, past the end of the text (${offsets.utf16Length} UTF-16 units)`;
    try {
      return { start: offsets.toCodePoint(start), end: offsets.toCodePoint(end), from: start, to: end };
    } catch {
      return `${start}–${end} splits a character (a surrogate pair) when counted in UTF-16 units`;
    }
  }
  if (end > offsets.codePointLength) return `ends at ${end}, past the end of the text (${offsets.codePointLength} characters)`;
  return { start, end, from: offsets.toUtf16(start), to: offsets.toUtf16(end) };
}

function prepareSpan(
  span: SourceSpan,
  text: string,
  offsets: OffsetMap,
  schema: LabelSchema,
  labelMap: Record<string, string>,
  issues: PrepareResult['issues'],
): PreparedSpan | null {
  const at = span.at;
  for (const field of ['start', 'end'] as const) {
    const value = span[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new ImportError({ ...at, field: `${at.field ?? 'span'}.${field}` }, `expected a whole number ≥ 0, got ${JSON.stringify(value) ?? String(value)}.`);
    }
  }
  if ((span.end as number) <= (span.start as number)) {
    throw new ImportError(at, `the span ends (${String(span.end)}) at or before it starts (${String(span.start)}).`);
  }
  let located: Located | null = null;
  const problems: string[] = [];
  for (const unit of span.units) {
    const attempt = locate(span, unit, offsets);
    if (typeof attempt === 'string') {
      problems.push(attempt);
      continue;
    }
    if (span.text !== undefined && text.slice(attempt.from, attempt.to) !== span.text) {
      problems.push(
        `its text ${JSON.stringify(span.text)} does not match the document's ${JSON.stringify(text.slice(attempt.from, attempt.to))} at ${String(span.start)}–${String(span.end)}`,
      );
      continue;
    }
    located = attempt;
    break;
  }
  if (!located) throw new ImportError(at, `${problems[0] ?? 'the span cannot be placed'}.`);
  if (!isGraphemeBoundary(text, located.from) || !isGraphemeBoundary(text, located.to)) {
    throw new ImportError(at, `the span ${String(span.start)}–${String(span.end)} splits a character (a letter and its marks, or an emoji sequence).`);
  }
  const quote = text.slice(located.from, located.to);
  const line = at.line ?? null;
  const labelName = labelMap[span.label] ?? span.label;
  const label = findLabel(schema, labelName);
  if (!label) {
    issues.push({
      line,
      kind: 'skipped_span',
      message: `${describeSpan(at)}: label "${labelName}" is not in the project's schema (${schema.labels.map((l) => l.name).join(', ')}).`,
    });
    return null;
  }
  if (quote.trim() === '') {
    issues.push({ line, kind: 'skipped_span', message: `${describeSpan(at)}: the span covers only whitespace.` });
    return null;
  }
  if (quote.length > LIMITS.quoteLength) {
    issues.push({ line, kind: 'skipped_span', message: `${describeSpan(at)}: the span is longer than ${LIMITS.quoteLength} characters.` });
    return null;
  }
  return {
    start: located.start,
    end: located.end,
    quote,
    label: label.name,
    attributes: keepAttributes(label, span.attributes ?? {}, at, issues),
    annotator: span.annotator ?? null,
    id: span.id,
    origin: span.origin ?? 'imported',
    layer: span.layer ?? 'annotator',
    originSource: span.originSource,
    at,
  };
}

function describeSpan(at: ImportLocation): string {
  return [at.line !== undefined ? `line ${at.line}` : at.file, at.field].filter(Boolean).join(', ');
}

/** Keeps the attributes the label defines with valid values; reports each one dropped. */
function keepAttributes(label: LabelDef, given: Record<string, unknown>, at: ImportLocation, issues: PrepareResult['issues']): Record<string, AttributeValue> {
  const kept: Record<string, AttributeValue> = {};
  for (const [name, raw] of Object.entries(given)) {
    const value = coerceAttribute(label, name, raw);
    const problems =
      value === undefined ? [{ message: `${JSON.stringify(raw)} is not a value this attribute takes` }] : validateAttributes(label, { [name]: value });
    if (value !== undefined && problems.length === 0) kept[name] = value;
    else
      issues.push({
        line: at.line ?? null,
        kind: 'dropped_attribute',
        message: `${describeSpan(at)}: attribute "${name}" dropped (${problems[0]?.message ?? 'invalid'}).`,
      });
  }
  return kept;
}

/** Reads an attribute value in the kind its definition wants (brat gives every value as text). */
function coerceAttribute(label: LabelDef, name: string, raw: unknown): AttributeValue | undefined {
  const definition = label.attributes.find((attribute) => attribute.name === name);
  if (raw === null || typeof raw === 'boolean') return raw;
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return undefined;
  if (definition?.type === 'integer' && /^-?\d{1,15}$/.test(raw)) return Number(raw);
  if (definition?.type === 'boolean' && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
  if (definition?.type === 'enum') return raw.toLowerCase();
  return raw;
}
