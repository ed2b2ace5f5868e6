import type { ExportFormat, ExportOptions, ExportSummary, ExportedFile } from '../../shared/contract/methods/exports';
import { WorkbenchError } from '../errors';
import type { JobControl } from '../import/runImport';
import type { ServiceContext } from '../services/context';
import { activeProject, requireProject } from '../services/session';
import { allAnnotators, countDocumentsInRange } from '../store/exportReads';
import { agreementSummaryForExport } from './agreementSeam';
import { DataShards, FolderShards } from './dataShards';
import { buildDatasetCard } from './datasetCard';
import { ExportFolder } from './exportFolder';
import { buildManifest, ExportTally, type ReportInput } from './exportReport';
import { LossReport } from './lossReport';
import { emptySelectionStats, selectRecords } from './selectRecords';
import { SpanVerifier } from './verifySpans';
import { bratWriter } from './writers/brat';
import { canonicalWriter } from './writers/canonical';
import { conllWriter } from './writers/conll';
import { doccanoWriter } from './writers/doccano';
import { huggingFaceWriter } from './writers/huggingFace';
import { labelStudioWriter } from './writers/labelStudio';
import { spacyWriter } from './writers/spacy';
import type { FormatWriter, WriterContext } from './writers/writerTypes';

/** Where an export goes: exactly this folder (empty or new), or a new folder inside this one. */
export type ExportTarget = { kind: 'exactly'; path: string } | { kind: 'inside'; parent: string };

export type ExportRequest = { options: ExportOptions; target: ExportTarget };

const WRITERS: Record<ExportFormat, (ctx: WriterContext) => FormatWriter> = {
  jsonl: canonicalWriter,
  spacy: spacyWriter,
  hf: huggingFaceWriter,
  conll: conllWriter,
  brat: bratWriter,
  labelstudio: labelStudioWriter,
  doccano: doccanoWriter,
};

/** The label the formats' names use in messages and folder names. */
export const FORMAT_NAMES: Record<ExportFormat, string> = {
  jsonl: 'canonical JSONL',
  spacy: 'spaCy JSONL',
  hf: 'Hugging Face JSONL',
  conll: 'CoNLL',
  brat: 'brat',
  labelstudio: 'Label Studio JSON',
  doccano: 'doccano JSONL',
};

const SUMMARY_FILES = 1_000;

/** Thrown when the user cancelled: the job ends as cancelled and the folder holds nothing of it. */
export class ExportCancelledError extends WorkbenchError {
  override name = 'ExportCancelledError';
  constructor() {
    super('cancelled', 'The export was cancelled; the files it had written were removed.');
  }
}

/** A folder name for an export: project, format and time (`conflict-news-jsonl-20240501-102030`). */
export function exportFolderName(projectName: string, format: ExportFormat | 'agreement', now: string): string {
  const slug =
    projectName
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'export';
  const stamp = now
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
  return `${slug}-${format}-${stamp}`;
}

/**
 * Exports a project's annotations on the context's own connection (a worker's). Everything is
 * read inside one read transaction (a consistent snapshot; writers elsewhere are not blocked) in
 * pages, written through atomic files, and each span's offsets are checked against its text as it
 * is written. The manifest goes last. On failure or cancel every file it wrote is removed.
 */
export function runExport(ctx: ServiceContext, request: ExportRequest, control: JobControl): ExportSummary {
  const { db } = ctx;
  const { options } = request;
  const project = options.projectId ? requireProject(ctx, options.projectId) : activeProject(ctx);
  const schemaLabels = project.schema.labels.map((label) => label.name);
  const unknown = (options.labels ?? []).filter((label) => !schemaLabels.includes(label));
  if (unknown.length > 0) throw new WorkbenchError('invalid_input', `Unknown label(s) ${unknown.join(', ')}: the schema has ${schemaLabels.join(', ')}.`);
  const labels = options.labels ? schemaLabels.filter((label) => options.labels?.includes(label)) : schemaLabels;
  const annotatorRows = allAnnotators(db);
  const annotators = new Map(annotatorRows.map((row) => [row.id, { name: row.name, role: row.role }]));
  const layer = options.layer;
  let annotatorName: string | null = null;
  if (layer.kind === 'annotator') {
    annotatorName = annotators.get(layer.annotatorId)?.name ?? null;
    if (annotatorName === null) throw new WorkbenchError('not_found', `No annotator with id ${layer.annotatorId}.`);
  }

  const loss = new LossReport();
  const verifier = new SpanVerifier();
  const warnings: string[] = [];
  const writerContext: WriterContext = {
    format: options.format,
    projectName: project.name,
    layer: layer.kind,
    schema: project.schema,
    labels,
    verifier,
    loss,
    warn: (message) => {
      if (!warnings.includes(message)) warnings.push(message);
    },
  };
  const writer = WRITERS[options.format](writerContext);
  if (layer.kind === 'all' && writer.annotators === 'none') {
    throw new WorkbenchError(
      'invalid_input',
      `${FORMAT_NAMES[options.format]} holds one set of spans per document and cannot say who made them: choose one annotator, the gold layer or the majority vote (or export every annotator as canonical JSONL, spaCy JSONL or Label Studio JSON).`,
    );
  }

  const range = { from: options.dateFrom ?? null, to: options.dateTo ?? null };
  const createdAt = ctx.now();
  const folder =
    request.target.kind === 'exactly'
      ? ExportFolder.exactly(request.target.path)
      : ExportFolder.inside(request.target.parent, exportFolderName(project.name, options.format, createdAt));
  const stats = emptySelectionStats();
  const tally = new ExportTally(labels);
  const files: ExportedFile[] = [];
  db.exec('BEGIN');
  try {
    const total = countDocumentsInRange(db, project.id, range);
    const documentsSkippedByDate = countDocumentsInRange(db, project.id, { from: null, to: null }) - total;
    const phase = `Writing ${FORMAT_NAMES[options.format]}`;
    control.progress({ done: 0, total, unit: 'items', phase });
    const shards = writer.kind === 'stream' ? new DataShards(folder, writer.layout, options.shardSize ?? null) : new FolderShards(options.shardSize ?? null);
    const selection = {
      projectId: project.id,
      layer,
      statuses: new Set(options.statuses),
      labels: options.labels ? new Set(labels) : null,
      range,
      split: options.split ?? null,
    };
    for (const record of selectRecords(db, selection, annotators, stats, () => control.progress({ done: stats.documentsRead, total, unit: 'items', phase }))) {
      if (control.isCancelled()) throw new ExportCancelledError();
      if (writer.kind === 'stream' && shards instanceof DataShards) {
        const { items, records, written } = writer.render(record);
        shards.write(record.split, items, written.length);
        tally.add(record, records, written);
      } else if (writer.kind === 'documents' && shards instanceof FolderShards) {
        const shard = shards.next(record.split);
        const { files: documentFiles, written } = writer.render(record);
        documentFiles.forEach((file, index) => {
          const done = folder.writeWhole(`${shard}/${file.path}`, file.content);
          files.push({ ...done, documents: index === 0 ? 1 : 0, spans: file.path.endsWith('.ann') ? written.length : 0 });
        });
        tally.add(record, 1, written);
      }
    }
    if (control.isCancelled()) throw new ExportCancelledError();
    if (shards instanceof DataShards) {
      shards.finish();
      files.unshift(...shards.files);
    }
    if (tally.documents === 0) {
      throw new WorkbenchError(
        'invalid_input',
        `Nothing to export: none of the ${total} documents${range.from || range.to ? ' in the date range' : ''} has ${describeLayer(layer.kind, annotatorName)} with the status ${options.statuses.join(' or ')}.`,
      );
    }
    control.progress({ done: total, total, unit: 'items', phase: 'Writing the manifest and dataset card' });
    for (const extra of writer.extraFiles()) files.push({ ...folder.writeWhole(extra.path, extra.content), documents: 0, spans: 0 });
    const agreement = agreementSummaryForExport(
      db,
      { projectId: project.id, labels },
      {
        isCancelled: control.isCancelled,
        progress: (update) => control.progress({ ...update, phase: 'Computing agreement for the dataset card' }),
      },
    );
    db.exec('COMMIT');
    const report: ReportInput = {
      options,
      labels,
      annotatorName,
      project,
      createdAt,
      offsetUnit: writer.offsetUnit,
      tally,
      stats,
      documentsSkippedByDate,
      loss: loss.list(),
      spansVerified: verifier.checked,
      agreement,
      warnings,
    };
    files.push({ ...folder.writeWhole('README.md', buildDatasetCard(report, files)), documents: 0, spans: 0 });
    folder.writeWhole('manifest.json', `${JSON.stringify(buildManifest(report, files), null, 2)}\n`);
    if (control.isCancelled()) throw new ExportCancelledError();
    folder.sync();
    return {
      format: options.format,
      folder: folder.root,
      files: files.slice(0, SUMMARY_FILES),
      filesOmitted: Math.max(0, files.length - SUMMARY_FILES),
      documents: tally.documents,
      records: tally.records,
      spans: tally.spans,
      spansPerLabel: tally.spansPerLabel,
      documentsPerSplit: tally.documentsPerSplit,
      annotators: tally.annotators(),
      lossiness: report.loss,
      majorityTies: stats.majorityTies,
      spansVerified: verifier.checked,
      spansNotChosen: stats.spansNotChosen,
      documentsSkipped: { byStatus: stats.documentsSkippedByStatus, byDate: documentsSkippedByDate },
      warnings,
    };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    folder.discard();
    throw error;
  }
}

function describeLayer(kind: ExportOptions['layer']['kind'], annotatorName: string | null): string {
  if (kind === 'annotator') return `${annotatorName ?? 'that annotator'}'s work`;
  if (kind === 'gold') return 'a gold layer';
  return 'an annotator';
}
