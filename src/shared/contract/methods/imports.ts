import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { LIMITS } from '../limits';
import { Id, Name, safeRecord } from '../schemas';

/** The formats import reads (docs/formats.md describes each exactly). */
export const ImportFormat = z.enum(['text', 'jsonl', 'csv', 'html', 'labelstudio', 'brat']);
export type ImportFormat = z.infer<typeof ImportFormat>;

/** Which shape of embedded annotations a JSONL line carries. */
export const SpanShape = z.enum(['auto', 'canonical', 'doccano', 'spans', 'none']);
export type SpanShape = z.infer<typeof SpanShape>;

/** How a source format counts offsets: Unicode code points (Python) or UTF-16 code units (JavaScript). */
export const OffsetUnit = z.enum(['codepoint', 'utf16']);
export type OffsetUnit = z.infer<typeof OffsetUnit>;

/** A field or column name, as a user picks it in the mapping step. */
const FieldName = z.string().min(1).max(LIMITS.nameLength);

/** Which source fields (JSONL keys, CSV columns) hold the text and the metadata; null leaves one out. */
export const FieldMapping = z.strictObject({
  text: FieldName.optional(),
  title: FieldName.nullable().optional(),
  source: FieldName.nullable().optional(),
  date: FieldName.nullable().optional(),
  id: FieldName.nullable().optional(),
});
export type FieldMapping = z.infer<typeof FieldMapping>;

/** Every choice an import takes; anything left out is detected or defaulted. */
export const ImportOptions = z.strictObject({
  /** Detected from the file names and contents when absent. */
  format: ImportFormat.optional(),
  fields: FieldMapping.optional(),
  spanShape: SpanShape.optional(),
  offsetUnit: OffsetUnit.optional(),
  /** Annotator name for spans whose file names none (default: the source tool's name). */
  annotator: Name.optional(),
  /** Source label → project label, for tools whose label names differ. */
  labelMap: safeRecord(z.string().min(1).max(64), 200).optional(),
  /** CSV/TSV delimiter; detected when absent. */
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  /** Defaults to the active project. */
  projectId: Id.optional(),
});
export type ImportOptions = z.infer<typeof ImportOptions>;

/** The desktop app's one IPC channel beside the contract's: a dropped file's path, from the preload (src/main/files/fileIpc.ts). */
export const DROPPED_FILE_CHANNEL = 'wb-files:dropped';

/** A file or folder the host has opened for the app: the renderer holds only this opaque handle. */
export const FileHandle = z.object({
  handle: Id,
  name: z.string(),
  kind: z.enum(['file', 'folder']),
  bytes: z.number().int().nonnegative(),
});
export type FileHandle = z.infer<typeof FileHandle>;

const Handles = z.array(Id).min(1).max(LIMITS.importFiles);

export const PreviewDocument = z.object({
  file: z.string(),
  line: z.number().int().nullable(),
  title: z.string(),
  excerpt: z.string(),
  charCount: z.number().int().nonnegative(),
  source: z.string().nullable(),
  publishedAt: z.string().nullable(),
  externalId: z.string().nullable(),
  spans: z.number().int().nonnegative(),
  labels: z.array(z.string()),
});
export type PreviewDocument = z.infer<typeof PreviewDocument>;

export const ImportPreview = z.object({
  format: ImportFormat,
  spanShape: SpanShape.nullable(),
  delimiter: z.string().nullable(),
  /** Field or column names seen in the first records, for the mapping step. */
  fields: z.array(z.string()),
  /** The mapping the import will use (the options' one, or the defaults that matched). */
  mapping: z.object({
    text: z.string().nullable(),
    title: z.string().nullable(),
    source: z.string().nullable(),
    date: z.string().nullable(),
    id: z.string().nullable(),
  }),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative() })),
  documents: z.array(PreviewDocument),
  warnings: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof ImportPreview>;

/** Why something in a file was not imported as is. */
export const ImportIssue = z.object({
  file: z.string(),
  line: z.number().int().nullable(),
  kind: z.enum(['duplicate', 'skipped_document', 'skipped_span', 'dropped_attribute']),
  message: z.string(),
});
export type ImportIssue = z.infer<typeof ImportIssue>;

const Count = z.number().int().nonnegative();

export const ImportFileSummary = z.object({
  name: z.string(),
  format: ImportFormat,
  status: z.enum(['imported', 'failed', 'cancelled']),
  documentsImported: Count,
  duplicates: Count,
  documentsSkipped: Count,
  spansImported: Count,
  spansSkipped: Count,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ImportFileSummary = z.infer<typeof ImportFileSummary>;

/** What an import did, file by file, with every skip and its reason (the first 500 listed). */
export const ImportSummary = z.object({
  projectId: Id,
  files: z.array(ImportFileSummary),
  totals: z.object({
    documentsImported: Count,
    duplicates: Count,
    documentsSkipped: Count,
    spansImported: Count,
    spansSkipped: Count,
    filesImported: Count,
    filesFailed: Count,
  }),
  annotators: z.array(z.object({ id: Id, name: z.string(), created: z.boolean() })),
  issues: z.array(ImportIssue),
  issuesOmitted: Count,
});
export type ImportSummary = z.infer<typeof ImportSummary>;

export const importMethods = {
  'files.pick': defineMethod({
    description:
      'Desktop app only: shows the system file dialog and returns opaque handles for what the user chose (empty when cancelled). In a browser, files are uploaded to POST /upload instead.',
    input: z.strictObject({ purpose: z.literal('import'), folder: z.boolean().default(false) }),
    output: z.object({ files: z.array(FileHandle) }),
  }),
  'import.preview': defineMethod({
    description: 'Detects the format and fields of the chosen files and reads their first documents, writing nothing.',
    input: z.strictObject({ handles: Handles, options: ImportOptions.default({}) }),
    output: ImportPreview,
  }),
  'import.start': defineMethod({
    description:
      'Starts importing the chosen files as a background job (one transaction per file inside one for the job, so cancel restores the database exactly). Poll it with jobs.get.',
    input: z.strictObject({ handles: Handles, options: ImportOptions.default({}) }),
    output: z.object({ jobId: Id }),
  }),
};
