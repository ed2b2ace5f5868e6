import type { ExportFormat } from '../../../shared/contract/methods/exports';
import type { LabelSchema } from '../../../shared/domain/labelSchema';
import type { FileLayout } from '../dataShards';
import type { ExportRecord, ExportSpan } from '../exportTypes';
import type { LossReport } from '../lossReport';
import type { SpanVerifier } from '../verifySpans';

/** What every writer is given. */
export type WriterContext = {
  format: ExportFormat;
  projectName: string;
  /** The chosen layer's kind: with `all`, per-record formats write one record per annotator. */
  layer: 'annotator' | 'all' | 'gold' | 'majority';
  schema: LabelSchema;
  /** The chosen labels in schema order. */
  labels: string[];
  verifier: SpanVerifier;
  loss: LossReport;
  warn: (message: string) => void;
};

/** A small file written beside the data (label names, a tool's schema file). */
export type ExtraFile = { path: string; content: string };

/** How a format holds annotators: per span, one per record (a record per annotator), or not at all. */
export type AnnotatorHolding = 'per-span' | 'per-record' | 'none';

type WriterBase = {
  /** Offsets the format writes: code points, UTF-16 units, or none (tokens only). */
  offsetUnit: 'codepoint' | 'utf16' | null;
  annotators: AnnotatorHolding;
  /** Files beside the data, written after it. */
  extraFiles(): ExtraFile[];
};

/** A format written as data files of records (JSONL lines, CoNLL blocks, JSON array items). */
export type StreamWriter = WriterBase & {
  kind: 'stream';
  layout: FileLayout;
  /** Serialises one document's record(s): `records` is how many (lines, tasks, sentences), `written` the spans they hold. */
  render(record: ExportRecord): { items: string[]; records: number; written: ExportSpan[] };
};

/** A format written as files per document (brat's .txt and .ann). */
export type DocumentWriter = WriterBase & {
  kind: 'documents';
  render(record: ExportRecord): { files: ExtraFile[]; written: ExportSpan[] };
};

export type FormatWriter = StreamWriter | DocumentWriter;

/**
 * A record as formats with one annotator per record see it: with every annotator chosen, one per
 * annotator whose status qualified (with that annotator's spans, possibly none); otherwise the
 * record itself, named after its annotator when it has exactly one.
 */
export function perAnnotator(record: ExportRecord, ctx: WriterContext): { annotator: { id: string; name: string } | null; spans: ExportRecord['spans'] }[] {
  if (ctx.layer !== 'all') return [{ annotator: ctx.layer === 'annotator' ? (record.annotators[0] ?? null) : null, spans: record.spans }];
  return record.annotators.map((annotator) => ({ annotator, spans: record.spans.filter((span) => span.annotator.id === annotator.id) }));
}
