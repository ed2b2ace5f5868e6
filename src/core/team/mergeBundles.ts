import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { BundleReport, MergeCounts, MergeSummary } from '../../shared/contract/methods/team';
import { findLabel, type LabelSchema } from '../../shared/domain/labelSchema';
import { validateAttributes } from '../../shared/domain/validateAttributes';
import { OffsetMap } from '../../shared/text/offsetMap';
import { WorkbenchError } from '../errors';
import type { JobControl } from '../import/runImport';
import type { ChosenPath } from '../import/units';
import type { ServiceContext } from '../services/context';
import { getAnnotation, insertAnnotation, overwriteAnnotation, type StoredAnnotation } from '../store/annotations';
import { getAnnotator, insertAnnotator, keepEarliestCreatedAt, updateAnnotatorIdentity } from '../store/annotators';
import { getBundleImport, newestBundleIdentity, recordBundleImport } from '../store/bundleImports';
import { getStatusRowFull, writeStatusExact, type StatusRow } from '../store/documentStatus';
import { getProject } from '../store/projects';
import { prepareCached } from '../store/statementCache';
import { BUNDLE_LIMITS, BUNDLE_LINE_BYTES, BundleAnnotationLine, BundleDocumentLine, BundleManifest, BundleStatusLine } from './formats';
import { compareAnnotationVersions, compareStatusVersions, sameIdentity } from './mergeRules';
import { TeamCancelledError } from './teamFiles';
import { parseLine } from './parseLine';
import { readTeamManifest } from './readManifest';
import { ArchiveError, ZipArchive } from './zipArchive';

export type MergeRequest = { paths: ChosenPath[] };

/** Left-out annotations listed in a job's result; the import record keeps them all. */
const LISTED_LEFT_OUT = 1000;

const emptyCounts = (): MergeCounts => ({ inserted: 0, updated: 0, unchanged: 0, superseded: 0, leftOut: 0 });

/** Whether an error refuses one bundle (the others go on) rather than the whole merge (a fault, a cancel). */
function refusesBundle(error: unknown): error is WorkbenchError {
  return error instanceof WorkbenchError && ['invalid_input', 'too_large', 'unsupported', 'conflict', 'not_found'].includes(error.code);
}

/**
 * Merges bundle files into the database on the context's own connection (a job worker's). One
 * transaction for the job and a savepoint per bundle: a bundle that is refused (damaged,
 * changed, too large, unsafe, of another schema version…) is rolled back alone and reported, the
 * others go on; a cancel or a fault rolls everything back. The merge rules are in mergeRules.ts.
 */
export async function runMerge(ctx: ServiceContext, request: MergeRequest, control: JobControl): Promise<MergeSummary> {
  const { db } = ctx;
  const sizes = request.paths.map((chosen) => {
    try {
      return statSync(chosen.path).size;
    } catch {
      return 0;
    }
  });
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const bundles: BundleReport[] = [];
  let before = 0;
  db.exec('BEGIN IMMEDIATE');
  try {
    for (const [index, chosen] of request.paths.entries()) {
      if (control.isCancelled()) throw new TeamCancelledError('merge');
      const size = sizes[index] ?? 0;
      const phase = `Merging ${chosen.name}`;
      control.progress({ done: before, total, unit: 'bytes', phase });
      db.exec('SAVEPOINT merge_bundle');
      try {
        const report = await mergeBundle(ctx, chosen, control, (fraction) =>
          control.progress({ done: before + Math.round(Math.min(1, fraction) * size), total, unit: 'bytes', phase }),
        );
        db.exec('RELEASE merge_bundle');
        bundles.push(report);
      } catch (error) {
        db.exec('ROLLBACK TO merge_bundle');
        db.exec('RELEASE merge_bundle');
        if (!refusesBundle(error)) throw error;
        bundles.push(refusedReport(chosen.name, error));
      }
      before += size;
    }
    if (control.isCancelled()) throw new TeamCancelledError('merge');
    control.progress({ done: total, total, unit: 'bytes', phase: 'Committing' });
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  const sum = (key: 'annotations' | 'statuses') => {
    const counts = emptyCounts();
    for (const report of bundles) for (const field of Object.keys(counts) as (keyof MergeCounts)[]) counts[field] += report[key][field];
    return counts;
  };
  return {
    bundles,
    totals: {
      bundlesMerged: bundles.filter((report) => report.status === 'merged').length,
      bundlesRefused: bundles.filter((report) => report.status === 'refused').length,
      annotations: sum('annotations'),
      statuses: sum('statuses'),
    },
  };
}

/** The report of a bundle refused as a whole. */
export function refusedReport(file: string, error: WorkbenchError): BundleReport {
  return {
    file,
    status: 'refused',
    error: { code: error.code, message: error.message },
    bundleId: null,
    annotator: null,
    createdAt: null,
    projectId: null,
    alreadyMerged: false,
    annotations: emptyCounts(),
    statuses: emptyCounts(),
    leftOutDocuments: [],
    leftOutAnnotations: [],
    leftOutAnnotationsOmitted: 0,
  };
}

/**
 * Merges one bundle inside the caller's transaction (or savepoint), or throws a WorkbenchError
 * refusing it: the caller rolls back whatever was written before the refusal.
 */
export async function mergeBundle(
  ctx: ServiceContext,
  chosen: ChosenPath,
  control: Pick<JobControl, 'isCancelled'>,
  onFraction: (fraction: number) => void = () => undefined,
): Promise<BundleReport> {
  const file = chosen.name;
  const archive = await ZipArchive.open(chosen.path, file, BUNDLE_LIMITS);
  try {
    const manifest = readTeamManifest('bundle', BundleManifest, file, await archive.readText('manifest.json'));
    const listed = new Map(manifest.files.map((entry) => [entry.path, entry]));
    for (const name of ['documents.jsonl', 'annotations.jsonl', 'statuses.jsonl']) {
      const entry = listed.get(name);
      const inArchive = archive.list().find((item) => item.name === name);
      if (!entry || !inArchive) throw new ArchiveError(file, `the bundle has no "${name}" (or its manifest does not list it).`);
      if (entry.bytes !== inArchive.bytes)
        throw new ArchiveError(file, `"${name}" is ${inArchive.bytes} bytes but the manifest says ${entry.bytes}: the bundle was changed.`);
    }
    const totalBytes = manifest.files.reduce((sum, entry) => sum + entry.bytes, 0);
    let readBefore = 0;
    const progressOf = (bytes: number) => onFraction(totalBytes === 0 ? 1 : (readBefore + bytes) / totalBytes);

    const project = getProject(ctx.db, manifest.project.id);
    if (!project) {
      throw new WorkbenchError(
        'not_found',
        `${file}: this bundle is work on the project “${manifest.project.name}” (${manifest.project.id}), which is not in this database. Merge it into the lead's database.`,
      );
    }
    if (project.schema.version !== manifest.schema_version) {
      throw new WorkbenchError(
        'conflict',
        `${file}: written against version ${manifest.schema_version} of the label schema, but the project here is at version ${project.schema.version}; nothing from it was merged. Send the annotator a new package, and merge a bundle written after they opened it.`,
      );
    }
    const fileSha256 = await sha256OfFile(chosen.path);
    const previous = getBundleImport(ctx.db, manifest.bundle_id);
    if (previous && previous.fileSha256 !== fileSha256) {
      throw new ArchiveError(file, `a different file with the same bundle id (${manifest.bundle_id}) was merged before (${previous.fileName}); refused.`);
    }
    const author = manifest.annotator;
    if (getAnnotator(ctx.db, author.id)) keepEarliestCreatedAt(ctx.db, author.id, author.created_at);
    else insertAnnotator(ctx.db, { id: author.id, name: author.name, role: author.role, createdAt: author.created_at });

    const report: BundleReport = {
      file,
      status: 'merged',
      error: null,
      bundleId: manifest.bundle_id,
      annotator: { id: author.id, name: author.name },
      createdAt: manifest.created_at,
      projectId: project.id,
      alreadyMerged: previous !== null,
      annotations: emptyCounts(),
      statuses: emptyCounts(),
      leftOutDocuments: [],
      leftOutAnnotations: [],
      leftOutAnnotationsOmitted: 0,
    };
    const allLeftOut: BundleReport['leftOutAnnotations'] = [];

    // Documents: each must be here with the same text, else its work is left out and listed.
    type DocumentState = { ok: true; text: string | null; map: OffsetMap | null; charCount: number } | { ok: false; index: number };
    const documents = new Map<string, DocumentState>();
    const entryOf = (name: string) => listed.get(name) ?? { sha256: '', bytes: 0 };
    for await (const { text, line } of archive.lines('documents.jsonl', entryOf('documents.jsonl'), BUNDLE_LINE_BYTES, progressOf)) {
      if (text === '') continue;
      const document = parseLine(BundleDocumentLine, text, file, 'documents.jsonl', line);
      if (documents.has(document.id)) throw new ArchiveError(file, `documents.jsonl, line ${line}: the document ${document.id} is listed twice.`);
      const local = prepareCached<[string, string], { text_sha256: string; char_count: number }>(
        ctx.db,
        'SELECT text_sha256, char_count FROM document WHERE id = ? AND project_id = ?',
      ).get(document.id, project.id);
      if (local && local.text_sha256 === document.text_sha256) {
        documents.set(document.id, { ok: true, text: null, map: null, charCount: local.char_count });
      } else {
        documents.set(document.id, { ok: false, index: report.leftOutDocuments.length });
        report.leftOutDocuments.push({
          documentId: document.id,
          title: document.title,
          reason: local ? 'text_mismatch' : 'unknown_document',
          bundleSha256: document.text_sha256,
          localSha256: local?.text_sha256 ?? null,
          annotations: 0,
          statuses: 0,
        });
      }
    }
    readBefore += entryOf('documents.jsonl').bytes;

    const documentOf = (documentId: string, name: string, line: number): DocumentState => {
      const state = documents.get(documentId);
      if (!state) throw new ArchiveError(file, `${name}, line ${line}: the document ${documentId} is not listed in documents.jsonl.`);
      return state;
    };
    const mustBeAuthor = (annotatorId: string, name: string, line: number) => {
      if (annotatorId !== author.id)
        throw new ArchiveError(file, `${name}, line ${line}: the row belongs to annotator ${annotatorId}, not to the bundle's author ${author.id}.`);
    };

    let annotations = 0;
    let tombstones = 0;
    let current: { id: string; map: OffsetMap } | null = null;
    for await (const { text, line } of archive.lines('annotations.jsonl', entryOf('annotations.jsonl'), BUNDLE_LINE_BYTES, progressOf)) {
      if (text === '') continue;
      if (annotations % 500 === 0 && control.isCancelled()) throw new TeamCancelledError('merge');
      const row = parseLine(BundleAnnotationLine, text, file, 'annotations.jsonl', line);
      annotations++;
      if (row.deleted) tombstones++;
      mustBeAuthor(row.annotator_id, 'annotations.jsonl', line);
      const state = documentOf(row.document_id, 'annotations.jsonl', line);
      if (!state.ok) {
        const entry = report.leftOutDocuments[state.index];
        if (entry) entry.annotations++;
        report.annotations.leftOut++;
        allLeftOut.push({ id: row.id, documentId: row.document_id, reason: 'document_left_out' });
        continue;
      }
      if (current === null || current.id !== row.document_id) {
        const textRow = prepareCached<[string], { text: string }>(ctx.db, 'SELECT text FROM document WHERE id = ?').get(row.document_id);
        current = { id: row.document_id, map: new OffsetMap(textRow?.text ?? '') };
      }
      checkSpan(file, line, row, current.map, project.schema);
      const incoming = storedOf(row);
      const existing = getAnnotation(ctx.db, row.id);
      if (!existing) {
        insertAnnotation(ctx.db, incoming);
        report.annotations.inserted++;
      } else if (!sameIdentity(existing, incoming)) {
        // A UUID that names another span here (another document, annotator or layer): never overwrite it.
        report.annotations.leftOut++;
        allLeftOut.push({ id: row.id, documentId: row.document_id, reason: 'identity_conflict' });
      } else {
        const order = compareAnnotationVersions(incoming, existing);
        if (order > 0) {
          overwriteAnnotation(ctx.db, incoming);
          report.annotations.updated++;
        } else if (order === 0) report.annotations.unchanged++;
        else report.annotations.superseded++;
      }
    }
    readBefore += entryOf('annotations.jsonl').bytes;

    let statuses = 0;
    for await (const { text, line } of archive.lines('statuses.jsonl', entryOf('statuses.jsonl'), BUNDLE_LINE_BYTES, progressOf)) {
      if (text === '') continue;
      const row = parseLine(BundleStatusLine, text, file, 'statuses.jsonl', line);
      statuses++;
      mustBeAuthor(row.annotator_id, 'statuses.jsonl', line);
      const state = documentOf(row.document_id, 'statuses.jsonl', line);
      if (!state.ok) {
        const entry = report.leftOutDocuments[state.index];
        if (entry) entry.statuses++;
        report.statuses.leftOut++;
        continue;
      }
      const incoming: StatusRow = {
        documentId: row.document_id,
        annotatorId: row.annotator_id,
        status: row.status,
        revision: row.revision,
        updatedAt: row.updated_at,
      };
      const existing = getStatusRowFull(ctx.db, row.document_id, row.annotator_id);
      if (!existing) {
        writeStatusExact(ctx.db, incoming);
        report.statuses.inserted++;
      } else {
        const order = compareStatusVersions(incoming, existing);
        if (order > 0) {
          writeStatusExact(ctx.db, incoming);
          report.statuses.updated++;
        } else if (order === 0) report.statuses.unchanged++;
        else report.statuses.superseded++;
      }
    }
    const counted = { documents: documents.size, annotations, tombstones, statuses };
    for (const key of Object.keys(counted) as (keyof typeof counted)[]) {
      if (counted[key] !== manifest.counts[key]) {
        throw new ArchiveError(file, `the bundle holds ${counted[key]} ${key} but its manifest says ${manifest.counts[key]}: it was changed.`);
      }
    }

    report.leftOutAnnotations = allLeftOut.slice(0, LISTED_LEFT_OUT);
    report.leftOutAnnotationsOmitted = Math.max(0, allLeftOut.length - LISTED_LEFT_OUT);
    recordBundleImport(ctx.db, {
      bundleId: manifest.bundle_id,
      projectId: project.id,
      annotatorId: author.id,
      annotatorName: author.name,
      annotatorRole: author.role,
      fileName: file,
      fileSha256,
      createdAt: manifest.created_at,
      lastImportedAt: ctx.now(),
      reportJson: JSON.stringify({ ...report, leftOutAnnotations: allLeftOut, leftOutAnnotationsOmitted: 0 }),
    });
    // The annotator's name and role follow their newest bundle, whatever order bundles arrive in.
    const identity = newestBundleIdentity(ctx.db, author.id);
    if (identity) updateAnnotatorIdentity(ctx.db, author.id, identity.name, identity.role);
    onFraction(1);
    return report;
  } finally {
    archive.close();
  }
}

/** A bundle span must fit the local text exactly and the schema: the hash matched, so anything else means a damaged or forged bundle. */
function checkSpan(file: string, line: number, row: BundleAnnotationLine, map: OffsetMap, schema: LabelSchema): void {
  const at = `annotations.jsonl, line ${line}`;
  if (row.end > map.codePointLength) throw new ArchiveError(file, `${at}: the span ${row.start}–${row.end} ends past the end of its document.`);
  if (map.sliceCodePoints(row.start, row.end) !== row.quote)
    throw new ArchiveError(file, `${at}: the span's quote is not the text at ${row.start}–${row.end}.`);
  const label = findLabel(schema, row.label);
  if (!label) throw new ArchiveError(file, `${at}: the label ${row.label} is not in the project's schema.`);
  const issues = validateAttributes(label, row.attributes);
  if (issues.length > 0) throw new ArchiveError(file, `${at}: ${issues.map((issue) => `${issue.attribute}: ${issue.message}`).join('; ')}.`);
}

function storedOf(row: BundleAnnotationLine): StoredAnnotation {
  return {
    id: row.id,
    documentId: row.document_id,
    annotatorId: row.annotator_id,
    layer: row.layer,
    start: row.start,
    end: row.end,
    label: row.label,
    attributes: row.attributes,
    quote: row.quote,
    origin: row.origin,
    originSource: row.origin_source,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deleted: row.deleted,
  };
}

function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', () => reject(new WorkbenchError('not_found', 'the bundle file cannot be read.')));
  });
}
