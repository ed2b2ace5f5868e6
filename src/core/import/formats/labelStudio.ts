import { Readable } from 'node:stream';
import streamArray from 'stream-json/streamers/stream-array.js';
import { z } from 'zod';
import { LIMITS } from '../../../shared/contract/limits';
import { readTextChunks } from '../decode';
import { asTextField, ownField, resolveMapping, type ResolvedMapping } from '../fieldMapping';
import { ImportError, type ImportLocation } from '../importError';
import type { FormatReader, SourceSpan } from '../types';
import { parseWith } from './jsonShapes';

const ResultItem = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  type: z.string(),
  from_name: z.string().optional(),
  value: z.record(z.string(), z.unknown()),
});
const LabelsValue = z.object({ start: z.number(), end: z.number(), text: z.string().optional(), labels: z.array(z.string().min(1).max(200)).min(1) });

const CompletedBy = z.union([
  z.number(),
  z.string(),
  z.object({ id: z.number().optional(), email: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() }).loose(),
]);

const Annotation = z
  .object({
    id: z.union([z.number(), z.string()]).optional(),
    completed_by: CompletedBy.optional(),
    created_username: z.string().optional(),
    was_cancelled: z.boolean().optional(),
    result: z.array(ResultItem).default([]),
  })
  .loose();
const Prediction = z.object({ model_version: z.string().nullable().optional(), result: z.array(ResultItem).default([]) }).loose();
const Task = z
  .object({
    id: z.union([z.number(), z.string()]).optional(),
    data: z.record(z.string(), z.unknown()),
    annotations: z.array(Annotation).default([]),
    predictions: z.array(Prediction).default([]),
  })
  .loose();

/** The annotator a Label Studio annotation names: its username, e-mail or user number. */
function annotatorName(annotation: z.infer<typeof Annotation>): string {
  if (annotation.created_username) return annotation.created_username.replace(/, \d+$/, '').slice(0, 200) || 'Label Studio';
  const by = annotation.completed_by;
  if (typeof by === 'number') return `Label Studio user ${by}`;
  if (typeof by === 'string' && by) return by.slice(0, 200);
  if (by && typeof by === 'object') {
    const name = [by.first_name, by.last_name].filter(Boolean).join(' ');
    return (by.email || name || (by.id !== undefined ? `Label Studio user ${by.id}` : 'Label Studio')).slice(0, 200);
  }
  return 'Label Studio';
}

/**
 * One span per label of each `labels` region; `choices`, `textarea` and `number` results that
 * share the region's id become its attributes (named by their `from_name`).
 */
function regionsToSpans(
  result: z.infer<typeof ResultItem>[],
  at: ImportLocation,
  path: string,
  annotator: { name: string },
  originSource: string,
  skip: (message: string) => void,
): SourceSpan[] {
  const attributes = new Map<string, Record<string, unknown>>();
  const regions = new Set(result.filter((item) => item.type === 'labels' && item.id !== undefined).map((item) => String(item.id)));
  result.forEach((item) => {
    if (item.id === undefined || item.type === 'labels' || !item.from_name || !regions.has(String(item.id))) return;
    const value = item.value;
    const first = (list: unknown): unknown => (Array.isArray(list) ? (list as unknown[])[0] : undefined);
    const kept: unknown = first(value.choices) ?? first(value.text) ?? value.number ?? value.rating;
    if (kept === undefined) return;
    const key = String(item.id);
    attributes.set(key, { ...attributes.get(key), [item.from_name]: kept });
  });
  const spans: SourceSpan[] = [];
  result.forEach((item, index) => {
    const field = `${path}.result[${index}]`;
    if (item.type !== 'labels') {
      if (item.id === undefined || !attributes.has(String(item.id)))
        skip(`${field}: a "${item.type}" result is not imported; the workbench imports text spans.`);
      return;
    }
    const value = parseWith(LabelsValue, item.value, at, `${field}.value`);
    for (const label of value.labels) {
      spans.push({
        start: value.start,
        end: value.end,
        text: value.text,
        label,
        attributes: item.id === undefined ? {} : attributes.get(String(item.id)),
        // Label Studio's editor counts in JavaScript (UTF-16) units; the span text decides.
        units: ['utf16', 'codepoint'],
        annotator,
        originSource,
        at: { ...at, field },
      });
    }
  });
  return spans;
}

/**
 * Label Studio's JSON export: an array of tasks (`data` with the text, `annotations` by users,
 * `predictions` by models), streamed task by task so a large export keeps memory flat.
 */
export const readLabelStudio: FormatReader = async function* (unit, context) {
  const { options } = context;
  for (const file of unit.files) {
    const chunks = readTextChunks(file.path, { file: file.name, maxFileBytes: LIMITS.importFileBytes, onBytes: context.onBytes });
    const text = Readable.from(chunks, { objectMode: false });
    const items = text.pipe(streamArray.withParserAsStream());
    text.on('error', (error) => items.destroy(error));
    let mapping: ResolvedMapping | null = null;
    try {
      for await (const { key, value } of items as AsyncIterable<{ key: number; value: unknown }>) {
        const at = { file: file.name, document: `task ${key + 1}` };
        const task = parseWith(Task, value, at, `[${key}]`);
        const fields = Object.keys(task.data);
        if (!mapping) {
          context.onFields?.(fields);
          mapping = resolveMapping(fields, options.fields);
        }
        const textField = mapping.text;
        const body = textField === null ? undefined : ownField(task.data, textField);
        if (typeof body !== 'string') throw new ImportError({ ...at, field: `[${key}].data.${textField ?? 'text'}` }, 'expected the task text as a string.');
        const skip = (message: string) => context.issue({ line: null, kind: 'skipped_span', message: `task ${key + 1}, ${message}` });
        const spans: SourceSpan[] = [];
        task.annotations.forEach((annotation, index) => {
          if (annotation.was_cancelled) {
            skip(`annotations[${index}]: skipped, the annotation was cancelled (skipped) in Label Studio.`);
            return;
          }
          const name = options.annotator && !annotation.completed_by && !annotation.created_username ? options.annotator : annotatorName(annotation);
          spans.push(...regionsToSpans(annotation.result, at, `annotations[${index}]`, { name }, `label-studio:annotation:${file.name}`, skip));
        });
        task.predictions.forEach((prediction, index) => {
          const name = prediction.model_version ? `Label Studio model ${prediction.model_version}`.slice(0, 200) : 'Label Studio predictions';
          spans.push(...regionsToSpans(prediction.result, at, `predictions[${index}]`, { name }, `label-studio:prediction:${file.name}`, skip));
        });
        const used = new Set([mapping.text, mapping.title, mapping.source, mapping.date, mapping.id]);
        const metadata: Record<string, unknown> = {};
        for (const [name, item] of Object.entries(task.data)) if (!used.has(name)) metadata[name] = item;
        const field = (name: string | null) => (name === null ? null : asTextField(ownField(task.data, name)));
        yield {
          at,
          text: body,
          title: field(mapping.title),
          source: field(mapping.source),
          publishedAt: field(mapping.date),
          externalId: field(mapping.id) ?? (task.id === undefined ? null : String(task.id)),
          metadata,
          spans,
        };
      }
    } catch (error) {
      if (error instanceof ImportError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new ImportError({ file: file.name }, `not a Label Studio JSON export (an array of tasks): ${message}`);
    } finally {
      text.destroy();
    }
  }
};
