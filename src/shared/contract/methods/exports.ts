import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { LIMITS } from '../limits';
import { Id } from '../schemas';
import { DocumentStatus } from './documents';

/** The formats export writes (docs/formats.md describes each exactly). */
export const ExportFormat = z.enum(['jsonl', 'spacy', 'hf', 'conll', 'brat', 'labelstudio', 'doccano']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/**
 * Whose spans an export takes: one annotator's, every annotator's, the adjudicated gold layer
 * (`annotation.layer = 'gold'`), or a majority vote over the annotators of each document.
 */
export const ExportLayer = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('annotator'), annotatorId: Id }),
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('gold') }),
  z.strictObject({ kind: z.literal('majority') }),
]);
export type ExportLayer = z.infer<typeof ExportLayer>;

const Ratio = z.number().min(0).max(1);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD');

/** A train/dev/test split by ratios (summing to 1) and a seed; the same on every machine. */
export const ExportSplit = z
  .strictObject({ train: Ratio, dev: Ratio, test: Ratio, seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) })
  .refine((split) => Math.abs(split.train + split.dev + split.test - 1) < 1e-9, { message: 'the split ratios must add up to 1' });
export type ExportSplit = z.infer<typeof ExportSplit>;

/** Every choice an export takes; docs/formats.md ("Export: choices") says what each means. */
export const ExportOptions = z
  .strictObject({
    format: ExportFormat,
    layer: ExportLayer.default({ kind: 'all' }),
    /** Per-annotator document statuses to take (done only by default). */
    statuses: z.array(DocumentStatus).min(1).max(4).default(['done']),
    /** Labels to take; all of the schema's when absent. */
    labels: z.array(z.string().min(1).max(64)).min(1).max(26).optional(),
    /** Publication date range (inclusive, `published_at` read as YYYY-MM-DD). */
    dateFrom: IsoDate.optional(),
    dateTo: IsoDate.optional(),
    split: ExportSplit.optional(),
    /** At most this many documents per data file (brat: per folder); one file per split when absent. */
    shardSize: z.number().int().min(1).max(10_000_000).optional(),
    /** Defaults to the active project. */
    projectId: Id.optional(),
  })
  .refine((options) => !options.dateFrom || !options.dateTo || options.dateFrom <= options.dateTo, {
    message: 'the date range ends before it starts',
    path: ['dateTo'],
  });
export type ExportOptions = z.infer<typeof ExportOptions>;
export type ExportOptionsInput = z.input<typeof ExportOptions>;

const Count = z.number().int().nonnegative();

/** One kind of loss: what the format could not hold, how many, and the first few cases. */
export const LossEntry = z.object({
  kind: z.enum(['overlapping_span', 'unaligned_span', 'attribute_value', 'null_attribute_value']),
  /** Spans dropped, or attribute values dropped (for the attribute kinds). */
  count: Count,
  reason: z.string(),
  examples: z.array(z.object({ documentId: z.string(), spanId: z.string(), label: z.string(), text: z.string(), start: Count, end: Count })),
});
export type LossEntry = z.infer<typeof LossEntry>;

/** A file the export wrote, relative to its folder, with its SHA-256. */
export const ExportedFile = z.object({
  path: z.string(),
  sha256: z.string(),
  bytes: Count,
  documents: Count,
  spans: Count,
});
export type ExportedFile = z.infer<typeof ExportedFile>;

/** What an export wrote, where, and what it had to leave out. */
export const ExportSummary = z.object({
  format: ExportFormat,
  /** The folder on this machine that holds the export. */
  folder: z.string(),
  /** The first 1,000 files (the manifest lists them all). */
  files: z.array(ExportedFile),
  filesOmitted: Count,
  documents: Count,
  /** Records written (one per document, or per document and annotator, or per sentence for Hugging Face). */
  records: Count,
  spans: Count,
  spansPerLabel: z.record(z.string(), Count),
  documentsPerSplit: z.record(z.string(), Count),
  annotators: z.array(z.object({ id: z.string(), name: z.string(), documents: Count, spans: Count })),
  lossiness: z.array(LossEntry),
  /** Majority vote only: spans that exactly half the annotators marked (left out). */
  majorityTies: Count,
  /** Spans whose `text[start:end]` was checked against their text before success was reported. */
  spansVerified: Count,
  /** Spans left out because their label was not chosen. */
  spansNotChosen: Count,
  documentsSkipped: z.object({ byStatus: Count, byDate: Count }),
  warnings: z.array(z.string()),
});
export type ExportSummary = z.infer<typeof ExportSummary>;

/** What the Export view needs to offer the choices. */
export const ExportChoices = z.object({
  projectId: Id,
  labels: z.array(z.string()),
  annotators: z.array(
    z.object({ id: Id, name: z.string(), role: z.string(), documents: Count, spans: Count, byStatus: z.record(z.string(), Count), goldSpans: Count }),
  ),
  documents: Count,
  goldSpans: Count,
  /** Where an export goes when no folder is chosen (a new folder is made inside it). */
  defaultFolder: z.string(),
  /** Whether this host can show a folder dialog (the desktop app). */
  canChooseFolder: z.boolean(),
});
export type ExportChoices = z.infer<typeof ExportChoices>;

export const exportMethods = {
  'export.choices': defineMethod({
    description: "The project's labels and annotators (with their documents by status), and where an export is written.",
    input: z.strictObject({ projectId: Id.optional() }),
    output: ExportChoices,
  }),
  'export.start': defineMethod({
    description:
      'Starts an export as a background job: a new folder inside the chosen one (a handle from files.pick) or the default folder. Poll it with jobs.get; cancel removes everything it wrote.',
    input: z.strictObject({ options: ExportOptions, folder: Id.max(LIMITS.idLength).optional() }),
    output: z.object({ jobId: Id }),
  }),
};
