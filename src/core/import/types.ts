import type { AnnotationOrigin } from '../../shared/contract/methods/annotations';
import type { ImportFormat, ImportIssue, ImportOptions, OffsetUnit, SpanShape } from '../../shared/contract/methods/imports';
import type { ImportLocation } from './importError';

/** A file an import reads: where it is and the name users know it by. */
export type ImportSource = { path: string; name: string; bytes: number };

/** One unit of work: the files that are imported (or fail) together in one savepoint. */
export type ImportUnit = { format: ImportFormat; name: string; files: ImportSource[]; bytes: number };

/** A span as a source format gives it, before validation and conversion to code points. */
export type SourceSpan = {
  start: unknown;
  end: unknown;
  /** Offset units to try in order; with a span text to compare, the first that matches wins. */
  units: OffsetUnit[];
  label: string;
  /** The span's text when the format carries it (checked against the document text). */
  text?: string | undefined;
  attributes?: Record<string, unknown> | undefined;
  /** The annotator the file names for this span, if any. */
  annotator?: { name: string; id?: string | undefined } | undefined;
  /** A stable id the file gives the span (the canonical format's UUIDs). */
  id?: string | undefined;
  origin?: AnnotationOrigin | undefined;
  layer?: 'annotator' | 'gold' | undefined;
  /** Recorded in origin_source: which tool or file the span came from. */
  originSource: string;
  /** Where the span sits, for error messages (`spans[2]`, or the .ann line). */
  at: ImportLocation;
};

/** A document as a source format gives it. */
export type SourceRecord = {
  at: ImportLocation;
  text: string;
  title: string | null;
  source: string | null;
  publishedAt: string | null;
  externalId: string | null;
  /** Fields not mapped to the above; coerced to what the store accepts (see metadata.ts). */
  metadata: Record<string, unknown>;
  /** The canonical format's document UUID, kept when it is free. */
  id?: string | undefined;
  /** The canonical format's text_sha256, checked against the text. */
  textSha256?: string | undefined;
  spans: SourceSpan[];
};

/** What every format reader gets besides its files. */
export type ReaderContext = {
  options: ImportOptions;
  /** Bytes of the unit read so far (for progress). */
  onBytes: (bytesRead: number) => void;
  /** Things worth reporting that are not errors (an empty line, a dropped field). */
  issue: (issue: Omit<ImportIssue, 'file'> & { file?: string }) => void;
  /** Field or column names, reported once by readers that have them (for the mapping step). */
  onFields?: (fields: string[]) => void;
  /** What a reader detected by itself (a CSV delimiter, a JSONL annotation shape). */
  onDetected?: (detected: { delimiter?: string; spanShape?: SpanShape }) => void;
};

/** A format reader: the records of one unit, in file order. Throws only {@link ImportError}. */
export type FormatReader = (unit: ImportUnit, context: ReaderContext) => AsyncIterable<SourceRecord>;
