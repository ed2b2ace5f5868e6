import { z } from 'zod';
import { AnnotationOrigin } from '../../../shared/contract/methods/annotations';
import type { SpanShape } from '../../../shared/contract/methods/imports';
import { Id } from '../../../shared/contract/schemas';
import { ImportError, type ImportLocation } from '../importError';
import type { SourceSpan } from '../types';

/** `spans[2].start` from a zod issue path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.map((key, index) => (typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`)).join('') || '(the record)';
}

/** Parses with a zod schema, turning the first issue into an ImportError naming its JSON path. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, at: ImportLocation, prefix = ''): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? jsonPath(issue.path) : '';
  const field = prefix && path && !path.startsWith('[') ? `${prefix}.${path}` : `${prefix}${path}`;
  throw new ImportError({ ...at, field: field || undefined }, issue?.message ?? 'does not have the expected shape.');
}

const Offset = z.number();

/** The canonical format's span (docs/formats.md). */
const CanonicalSpan = z.object({
  id: Id,
  start: Offset,
  end: Offset,
  text: z.string(),
  label: z.string().min(1).max(64),
  attributes: z.record(z.string(), z.unknown()).default({}),
  annotator: z.string().min(1).max(200),
  annotator_id: Id,
  origin: AnnotationOrigin,
  layer: z.enum(['annotator', 'gold']),
});

/** The canonical format's line (docs/formats.md). */
export const CanonicalLine = z.object({
  id: Id,
  external_id: z.string().nullable().default(null),
  title: z.string(),
  source: z.string().nullable().default(null),
  published_at: z.string().nullable().default(null),
  text: z.string(),
  text_sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
  metadata: z.record(z.string(), z.unknown()).default({}),
  split: z.string().optional(),
  spans: z.array(CanonicalSpan),
});

const DoccanoTriple = z.tuple([Offset, Offset, z.string().min(1).max(200)]);
const DoccanoEntity = z.object({ id: z.unknown().optional(), start_offset: Offset, end_offset: Offset, label: z.string().min(1).max(200) });
const SpacySpan = z.object({ start: Offset, end: Offset, label: z.string().min(1).max(200), text: z.string().optional() });

/** Keys that hold annotations (or tool bookkeeping) and never become metadata. */
export const ANNOTATION_KEYS = new Set([
  'label',
  'labels',
  'entities',
  'relations',
  'spans',
  'tokens',
  'answer',
  '_input_hash',
  '_task_hash',
  '_view_id',
  '_session_id',
  '_annotator_id',
  '_timestamp',
  '_is_binary',
]);

/** Which annotation shape a JSONL object carries, when the user left it to detection. */
export function detectShape(line: Record<string, unknown>): Exclude<SpanShape, 'auto'> {
  if (typeof line.text_sha256 === 'string' && Array.isArray(line.spans)) return 'canonical';
  if ('entities' in line || 'label' in line) return 'doccano';
  if ('spans' in line) return 'spans';
  return 'none';
}

export type ShapeContext = {
  at: ImportLocation;
  /** Default offset units of the shape, unless the user chose one. */
  units: SourceSpan['units'] | undefined;
  annotatorName: string | undefined;
  originSource: string;
  skip: (message: string) => void;
};

/** Spans of a doccano line: `label: [[start, end, "LABEL"], …]` or `entities`/`relations`. */
export function doccanoSpans(line: Record<string, unknown>, ctx: ShapeContext): SourceSpan[] {
  const units = ctx.units ?? ['utf16'];
  const annotator = { name: ctx.annotatorName ?? 'doccano' };
  const spans: SourceSpan[] = [];
  if ('label' in line) {
    const labels = parseWith(z.array(z.unknown()), line.label, ctx.at, 'label');
    labels.forEach((item, index) => {
      if (typeof item === 'string') {
        ctx.skip(`label[${index}]: the document label "${item}" (text classification) is not imported; the workbench annotates spans.`);
        return;
      }
      const [start, end, label] = parseWith(DoccanoTriple, item, ctx.at, `label[${index}]`);
      spans.push({ start, end, label, units, annotator, originSource: ctx.originSource, at: { ...ctx.at, field: `label[${index}]` } });
    });
  }
  if ('entities' in line) {
    const entities = parseWith(z.array(DoccanoEntity), line.entities, ctx.at, 'entities');
    entities.forEach((entity, index) =>
      spans.push({
        start: entity.start_offset,
        end: entity.end_offset,
        label: entity.label,
        units,
        annotator,
        originSource: ctx.originSource,
        at: { ...ctx.at, field: `entities[${index}]` },
      }),
    );
  }
  if ('relations' in line) {
    const relations = parseWith(z.array(z.unknown()), line.relations, ctx.at, 'relations');
    if (relations.length > 0) ctx.skip(`relations: ${relations.length} relation(s) not imported; the workbench has no relations.`);
  }
  return spans;
}

/** Spans of a Prodigy/spaCy line: `spans: [{start, end, label}]`, with `_annotator_id` when Prodigy wrote it. */
export function spacySpans(line: Record<string, unknown>, ctx: ShapeContext): SourceSpan[] {
  const units = ctx.units ?? ['codepoint'];
  const items = parseWith(z.array(SpacySpan), line.spans, ctx.at, 'spans');
  if (line.answer === 'reject' || line.answer === 'ignore') {
    if (items.length > 0) ctx.skip(`spans: ${items.length} span(s) not imported: the example was answered "${line.answer}".`);
    return [];
  }
  const fromFile = typeof line._annotator_id === 'string' && line._annotator_id !== '' ? line._annotator_id.slice(0, 200) : undefined;
  const annotator = { name: fromFile ?? ctx.annotatorName ?? 'Prodigy' };
  return items.map((item, index) => ({
    start: item.start,
    end: item.end,
    label: item.label,
    text: item.text,
    units,
    annotator,
    originSource: ctx.originSource,
    at: { ...ctx.at, field: `spans[${index}]` },
  }));
}

/** Spans of a canonical line: code points, with ids, annotators, origins and layers kept. */
export function canonicalSpans(line: z.infer<typeof CanonicalLine>, ctx: ShapeContext): SourceSpan[] {
  return line.spans.map((span, index) => ({
    start: span.start,
    end: span.end,
    text: span.text,
    label: span.label,
    attributes: span.attributes,
    units: ctx.units ?? ['codepoint'],
    annotator: { name: span.annotator, id: span.annotator_id },
    id: span.id,
    origin: span.origin,
    layer: span.layer,
    originSource: ctx.originSource,
    at: { ...ctx.at, field: `spans[${index}]` },
  }));
}
