import type { ImportFileSummary, ImportOptions, ImportSummary } from '../../shared/contract/methods/imports';
import { WorkbenchError } from '../errors';
import type { ServiceContext } from '../services/context';
import { activeProject, requireProject } from '../services/session';
import { CancelledError, ImportError } from './importError';
import { emptyCounts, ImportWriter, type FileCounts } from './importWriter';
import { prepareRecord } from './prepareRecord';
import { DEFAULT_ANNOTATOR, READERS } from './readers';
import type { ImportUnit } from './types';
import { expandPaths, planUnits, type ChosenPath } from './units';

/** What a running job may do: ask whether it was cancelled, and report progress. */
export type JobControl = {
  isCancelled: () => boolean;
  progress: (update: { done: number; total: number; unit: 'bytes' | 'items'; phase: string }) => void;
};

export type ImportRequest = { paths: ChosenPath[]; options: ImportOptions };

/** Whether an error means "this file is bad" (the file fails, the others go on) rather than a fault. */
function isInputError(error: unknown): error is WorkbenchError {
  return error instanceof ImportError || (error instanceof WorkbenchError && (error.code === 'invalid_input' || error.code === 'too_large'));
}

/**
 * Imports files into a project on the context's own connection (a worker's, so no other write
 * can run inside this transaction). The whole job is one transaction and each file one savepoint
 * inside it: a bad file is rolled back alone and reported, a cancel or a fault (disk full) rolls
 * everything back, so the database is exactly as before.
 */
export async function runImport(ctx: ServiceContext, request: ImportRequest, control: JobControl): Promise<ImportSummary> {
  const { db } = ctx;
  const { options } = request;
  const project = options.projectId ? requireProject(ctx, options.projectId) : activeProject(ctx);
  const units = planUnits(expandPaths(request.paths), options.format);
  const total = units.reduce((sum, unit) => sum + unit.bytes, 0);
  const writer = new ImportWriter(ctx, project.id, project.schema);
  const files: ImportFileSummary[] = [];
  let before = 0;

  db.exec('BEGIN IMMEDIATE');
  try {
    for (const unit of units) {
      if (control.isCancelled()) throw new CancelledError();
      const counts = emptyCounts();
      const mark = writer.annotatorMark;
      const issuesBefore = writer.issues.length;
      const phase = `Reading ${unit.name}`;
      control.progress({ done: before, total, unit: 'bytes', phase });
      db.exec('SAVEPOINT import_file');
      try {
        await importUnit(
          unit,
          options,
          writer,
          counts,
          project.schema,
          (bytes) => control.progress({ done: before + bytes, total, unit: 'bytes', phase }),
          control,
        );
        db.exec('RELEASE import_file');
        files.push({ name: unit.name, format: unit.format, status: 'imported', ...counts, error: null });
      } catch (error) {
        db.exec('ROLLBACK TO import_file');
        db.exec('RELEASE import_file');
        writer.forgetCreatedSince(mark);
        if (!isInputError(error)) throw error;
        writer.issues.splice(issuesBefore);
        files.push({ name: unit.name, format: unit.format, status: 'failed', ...emptyCounts(), error: { code: error.code, message: error.message } });
      }
      before += unit.bytes;
    }
    if (control.isCancelled()) throw new CancelledError();
    control.progress({ done: total, total, unit: 'bytes', phase: 'Committing' });
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  const sum = (key: keyof FileCounts) => files.reduce((acc, file) => acc + file[key], 0);
  return {
    projectId: project.id,
    files,
    totals: {
      documentsImported: sum('documentsImported'),
      duplicates: sum('duplicates'),
      documentsSkipped: sum('documentsSkipped'),
      spansImported: sum('spansImported'),
      spansSkipped: sum('spansSkipped'),
      filesImported: files.filter((file) => file.status === 'imported').length,
      filesFailed: files.filter((file) => file.status === 'failed').length,
    },
    annotators: writer.annotatorList(),
    issues: writer.issues,
    issuesOmitted: writer.issuesOmitted,
  };
}

async function importUnit(
  unit: ImportUnit,
  options: ImportOptions,
  writer: ImportWriter,
  counts: FileCounts,
  schema: Parameters<typeof prepareRecord>[1],
  onBytes: (bytes: number) => void,
  control: JobControl,
): Promise<void> {
  const defaultAnnotator = options.annotator ?? DEFAULT_ANNOTATOR[unit.format];
  let stored = 0;
  const reader = READERS[unit.format](unit, {
    options,
    onBytes,
    issue: (issue) => {
      if (issue.kind === 'skipped_document') counts.documentsSkipped++;
      if (issue.kind === 'skipped_span') counts.spansSkipped++;
      writer.issue({ file: issue.file ?? unit.name, line: issue.line, kind: issue.kind, message: issue.message });
    },
  });
  for await (const record of reader) {
    if (control.isCancelled()) throw new CancelledError();
    const { document, issues } = prepareRecord(record, schema, options.labelMap);
    for (const issue of issues) {
      if (issue.kind === 'skipped_document' && document === null) counts.documentsSkipped++;
      if (issue.kind === 'skipped_span') counts.spansSkipped++;
      writer.issue({ file: record.at.file, ...issue });
    }
    if (document) {
      writer.write(document, counts, defaultAnnotator);
      stored++;
    }
  }
  if (stored === 0) throw new ImportError({ file: unit.name }, 'no documents found (the file is empty, or every document in it is only whitespace).');
}
