import { WorkbenchError } from '../errors';
import { ExportFolder } from '../export/exportFolder';
import type { JobControl } from '../import/runImport';
import type { ServiceContext } from '../services/context';
import { activeProject, requireLocalAnnotatorId, requireProject } from '../services/session';
import { annotationsOfAnnotator, type StoredAnnotation } from '../store/annotations';
import { getAnnotator } from '../store/annotators';
import { statusesOfAnnotator } from '../store/documentStatus';
import { prepareCached } from '../store/statementCache';
import { APP_VERSION } from '../version';
import { BUNDLE_EXTENSION, BUNDLE_FORMAT, TEAM_FORMAT_VERSION, type BundleAnnotationLine, type BundleManifest } from './formats';
import { fileSlug, TeamCancelledError, timeStamp } from './teamFiles';
import { ZipBuilder } from './zipWrite';

/** Where a bundle goes: a folder (made when missing); the file is named after the project, annotator and time. */
export type BundleRequest = { projectId?: string | undefined; folder: string };

/** What writing a bundle produced. */
export type BundleWritten = {
  file: string;
  bundleId: string;
  projectId: string;
  annotator: { id: string; name: string };
  documents: number;
  annotations: number;
  tombstones: number;
  statuses: number;
  bytes: number;
};

/** One annotation row as a bundle line (docs/formats.md, "Annotation bundles"). */
export function bundleLineOf(annotation: StoredAnnotation): BundleAnnotationLine {
  return {
    id: annotation.id,
    document_id: annotation.documentId,
    annotator_id: annotation.annotatorId,
    layer: annotation.layer,
    start: annotation.start,
    end: annotation.end,
    label: annotation.label,
    attributes: annotation.attributes,
    quote: annotation.quote,
    origin: annotation.origin,
    origin_source: annotation.originSource,
    revision: annotation.revision,
    created_at: annotation.createdAt,
    updated_at: annotation.updatedAt,
    deleted: annotation.deleted,
  };
}

/**
 * Writes this installation's annotator's work on a project as one bundle file: every annotation
 * row of theirs (tombstones and revisions included), every status row, and the SHA-256 of each
 * document's text they touched, read in one read transaction (a consistent snapshot). The file
 * appears under its name only when complete (hidden partial file, fsync, rename).
 */
export async function writeBundle(ctx: ServiceContext, request: BundleRequest, control: JobControl): Promise<BundleWritten> {
  const { db } = ctx;
  const annotatorId = requireLocalAnnotatorId(ctx);
  const annotator = getAnnotator(db, annotatorId);
  if (!annotator) throw new WorkbenchError('not_found', 'The local annotator is missing.');
  const project = request.projectId ? requireProject(ctx, request.projectId) : activeProject(ctx);
  const bundleId = ctx.newId();
  const createdAt = ctx.now();
  const name = `${fileSlug(project.name)}-${fileSlug(annotator.name)}-${timeStamp(createdAt)}-${bundleId.slice(0, 8)}${BUNDLE_EXTENSION}`;
  const folder = ExportFolder.existing(request.folder);
  const file = folder.file(name);
  db.exec('BEGIN'); // one read snapshot for the whole bundle
  try {
    // Every document the annotator touched (a span, a tombstone or a status), read before the
    // spans are streamed: a connection runs nothing else while a statement iterates.
    const documents = prepareCached<[string, string, string], { id: string; text_sha256: string; title: string }>(
      db,
      `SELECT d.id, d.text_sha256, d.title FROM document d
        WHERE d.project_id = ? AND (EXISTS (SELECT 1 FROM annotation a WHERE a.document_id = d.id AND a.annotator_id = ?)
                                    OR EXISTS (SELECT 1 FROM document_status s WHERE s.document_id = d.id AND s.annotator_id = ?))
        ORDER BY d.id`,
    ).all(project.id, annotatorId, annotatorId);
    const total = prepareCached<[string, string], { n: number }>(
      db,
      'SELECT count(*) AS n FROM annotation a JOIN document d ON d.id = a.document_id WHERE a.annotator_id = ? AND d.project_id = ?',
    ).get(annotatorId, project.id)?.n;
    let annotations = 0;
    let tombstones = 0;
    const zip = new ZipBuilder(file, new Date(createdAt));
    const annotationEntry = await zip.addLines(
      'annotations.jsonl',
      (function* () {
        for (const annotation of annotationsOfAnnotator(db, project.id, annotatorId)) {
          if (annotations % 1000 === 0) {
            if (control.isCancelled()) throw new TeamCancelledError('bundle');
            control.progress({ done: annotations, total: total ?? 0, unit: 'items', phase: 'Writing annotations' });
          }
          annotations++;
          if (annotation.deleted) tombstones++;
          yield `${JSON.stringify(bundleLineOf(annotation))}\n`;
        }
      })(),
    );
    const statusRows = statusesOfAnnotator(db, project.id, annotatorId);
    const statusEntry = await zip.addLines(
      'statuses.jsonl',
      statusRows.map(
        (row) =>
          `${JSON.stringify({ document_id: row.documentId, annotator_id: row.annotatorId, status: row.status, revision: row.revision, updated_at: row.updatedAt })}\n`,
      ),
    );
    const documentEntry = await zip.addLines(
      'documents.jsonl',
      documents.map((doc) => `${JSON.stringify({ id: doc.id, text_sha256: doc.text_sha256, title: doc.title })}\n`),
    );
    const manifest: BundleManifest = {
      format: BUNDLE_FORMAT,
      format_version: TEAM_FORMAT_VERSION,
      bundle_id: bundleId,
      tool: { name: 'Annotation Workbench', version: APP_VERSION },
      created_at: createdAt,
      project: { id: project.id, name: project.name },
      schema_version: project.schema.version,
      annotator: { id: annotator.id, name: annotator.name, role: annotator.role, created_at: annotator.createdAt },
      counts: { documents: documents.length, annotations, tombstones, statuses: statusRows.length },
      files: [documentEntry, annotationEntry, statusEntry],
    };
    zip.addText('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
    control.progress({ done: annotations, total: annotations, unit: 'items', phase: 'Saving the bundle' });
    await zip.end();
    db.exec('COMMIT');
    const written = folder.commit(file);
    folder.sync();
    return {
      file: file.finalPath,
      bundleId,
      projectId: project.id,
      annotator: { id: annotator.id, name: annotator.name },
      documents: documents.length,
      annotations,
      tombstones,
      statuses: statusRows.length,
      bytes: written.bytes,
    };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    folder.discard();
    throw error;
  }
}
