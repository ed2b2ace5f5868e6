import { WorkbenchError } from '../errors';
import type { ErrorCode } from '../../shared/contract/result';

/** Where in a source file something went wrong; every import error names at least the file. */
export type ImportLocation = {
  file: string;
  /** 1-based line (JSONL line, CSV record's first line, .ann line). */
  line?: number | undefined;
  /** 0-based byte offset in the file. */
  byte?: number | undefined;
  /** The field or JSON path inside the record, such as `spans[2].start`. */
  field?: string | undefined;
  /** The document, by its id or title in the source. */
  document?: string | undefined;
};

/** Formats a location as users read it: `articles.jsonl, line 12, field spans[0].end`. */
export function describeLocation(at: ImportLocation): string {
  const parts = [at.file];
  if (at.line !== undefined) parts.push(`line ${at.line}`);
  if (at.byte !== undefined) parts.push(`byte ${at.byte}`);
  if (at.document !== undefined) parts.push(`document ${JSON.stringify(at.document)}`);
  if (at.field !== undefined) parts.push(`field ${at.field}`);
  return parts.join(', ');
}

/**
 * The one error an importer throws for bad input: the message starts with where the problem is,
 * then says what is wrong. Anything else escaping an importer is a bug (the fast-check
 * properties in the tests hold importers to this).
 */
export class ImportError extends WorkbenchError {
  override name = 'ImportError';
  constructor(
    readonly at: ImportLocation,
    problem: string,
    code: ErrorCode = 'invalid_input',
  ) {
    super(code, `${describeLocation(at)}: ${problem}`, { ...at });
  }
}

/** Thrown inside a job when the user cancelled it; the runner rolls back and reports `cancelled`. */
export class CancelledError extends WorkbenchError {
  override name = 'CancelledError';
  constructor() {
    super('cancelled', 'The import was cancelled; nothing was written.');
  }
}
