import type { PackageFilter, PackagesSummary } from '../../shared/contract/methods/team';
import type { z } from 'zod';
import { WorkbenchError } from '../errors';
import { ExportFolder } from '../export/exportFolder';
import type { JobControl } from '../import/runImport';
import type { ServiceContext } from '../services/context';
import { activeProject, localAnnotatorId, requireProject } from '../services/session';
import { getAnnotator } from '../store/annotators';
import { insertAssignment } from '../store/assignments';
import { listDocumentPage, type DocumentView } from '../store/documentList';
import { prepareCached } from '../store/statementCache';
import { APP_VERSION } from '../version';
import type { Annotator } from '../../shared/contract/methods/app';
import { assignWork } from './assignWork';
import { PACKAGE_EXTENSION, PACKAGE_FORMAT, TEAM_FORMAT_VERSION, type PackageDocumentLine, type PackageManifest } from './formats';
import { PROJECT_RESOURCE_KINDS, type ProjectResourceKind } from './projectResources';
import { fileSlug, TeamCancelledError, timeStamp } from './teamFiles';
import type { ArchivedEntry } from './zipWrite';
import { ZipBuilder } from './zipWrite';

/** Where packages go: exactly this folder (empty or new: the CLI's --out), or a new folder inside this one (the app). */
export type PackagesTarget = { kind: 'exactly'; path: string } | { kind: 'inside'; parent: string };

export type PackagesRequest = {
  projectId?: string | undefined;
  filter: z.infer<typeof PackageFilter>;
  annotatorIds: string[];
  k: number;
  seed: number;
  target: PackagesTarget;
};

const PAGE = 500;

/** The ids and text hashes of the documents the lead's list shows with these filters, in list order. */
function selectDocuments(ctx: ServiceContext, projectId: string, filter: PackagesRequest['filter']): { id: string; textSha256: string }[] {
  const view: DocumentView = { projectId, annotatorId: localAnnotatorId(ctx), sort: 'order', direction: 'asc', statuses: filter.statuses, query: filter.query };
  const chosen: { id: string; textSha256: string }[] = [];
  const shaOf = prepareCached<[string], { text_sha256: string }>(ctx.db, 'SELECT text_sha256 FROM document WHERE id = ?');
  for (let offset = 0; ; offset += PAGE) {
    const page = listDocumentPage(ctx.db, view, offset, PAGE);
    for (const row of page) chosen.push({ id: row.id, textSha256: shaOf.get(row.id)?.text_sha256 ?? '' });
    if (page.length < PAGE) return chosen;
  }
}

type DocumentRow = {
  id: string;
  external_id: string | null;
  title: string;
  source: string | null;
  published_at: string | null;
  text: string;
  text_sha256: string;
  metadata_json: string;
};

/**
 * Writes one assignment package per chosen annotator (docs/formats.md, "Assignment packages"):
 * the documents the lead's list filters select, each given to k annotators by {@link assignWork},
 * with the project, its schema (guidelines included), the assignment and the project resources.
 * The assignments are recorded here too, in the same transaction that the packages' success
 * depends on: if a package cannot be written, nothing is recorded and every file is removed.
 */
export async function writePackages(
  ctx: ServiceContext,
  request: PackagesRequest,
  control: JobControl,
  resourceKinds: readonly ProjectResourceKind[] = PROJECT_RESOURCE_KINDS,
): Promise<PackagesSummary> {
  const { db } = ctx;
  const project = request.projectId ? requireProject(ctx, request.projectId) : activeProject(ctx);
  const team: Annotator[] = request.annotatorIds.map((id) => {
    const annotator = getAnnotator(db, id);
    if (!annotator) throw new WorkbenchError('not_found', `No annotator with id ${id}.`);
    return annotator;
  });
  const leadId = localAnnotatorId(ctx);
  const lead = leadId ? getAnnotator(db, leadId) : null;
  const createdAt = ctx.now();
  const folder =
    request.target.kind === 'exactly'
      ? ExportFolder.exactly(request.target.path)
      : ExportFolder.inside(request.target.parent, `${fileSlug(project.name, 'project')}-packages-${timeStamp(createdAt)}`);
  try {
    // Read everything in one snapshot without holding the write lock while files are written; the
    // assignments are recorded in a short write transaction at the end.
    db.exec('BEGIN');
    const documents = selectDocuments(ctx, project.id, request.filter);
    if (documents.length === 0) throw new WorkbenchError('invalid_input', 'No document matches the chosen filters; no package was written.');
    const assignment = assignWork(
      documents,
      team.map((annotator) => annotator.id),
      request.k,
      request.seed,
    );
    const resources = resourceKinds.flatMap((kind) => {
      const exported = kind.exportFor(ctx, project.id);
      return exported ? [{ kind: kind.kind, path: `resources/${kind.kind}.json`, count: exported.count, text: `${JSON.stringify(exported.data)}\n` }] : [];
    });
    const total = [...assignment.values()].reduce((sum, ids) => sum + ids.length, 0);
    let done = 0;
    let assignmentsAdded = 0;
    const packages: PackagesSummary['packages'] = [];
    const readDocument = prepareCached<[string], DocumentRow>(
      db,
      'SELECT id, external_id, title, source, published_at, text, text_sha256, metadata_json FROM document WHERE id = ?',
    );
    for (const annotator of team) {
      const ids = assignment.get(annotator.id) ?? [];
      const phase = `Writing the package for ${annotator.name}`;
      const name = `${fileSlug(project.name, 'project')}-${fileSlug(annotator.name, 'annotator')}${PACKAGE_EXTENSION}`;
      const file = folder.file(
        packages.some((item) => item.file.endsWith(`/${name}`)) ? name.replace(PACKAGE_EXTENSION, `-${annotator.id.slice(0, 8)}${PACKAGE_EXTENSION}`) : name,
      );
      const zip = new ZipBuilder(file, new Date(createdAt));
      const documentEntry = await zip.addLines(
        'documents.jsonl',
        (function* () {
          for (const id of ids) {
            if (done % 200 === 0) {
              if (control.isCancelled()) throw new TeamCancelledError('packages');
              control.progress({ done, total, unit: 'items', phase });
            }
            done++;
            const row = readDocument.get(id);
            if (!row) throw new Error(`document ${id} vanished while packages were written`);
            const line: PackageDocumentLine = {
              id: row.id,
              external_id: row.external_id,
              title: row.title,
              source: row.source,
              published_at: row.published_at,
              text: row.text,
              text_sha256: row.text_sha256,
              metadata: JSON.parse(row.metadata_json) as PackageDocumentLine['metadata'],
            };
            yield `${JSON.stringify(line)}\n`;
          }
        })(),
      );
      const entries: ArchivedEntry[] = [
        documentEntry,
        zip.addText('schema.json', `${JSON.stringify(project.schema, null, 2)}\n`),
        zip.addText('assignment.json', `${JSON.stringify({ annotator_id: annotator.id, document_ids: ids })}\n`),
        ...resources.map((resource) => zip.addText(resource.path, resource.text)),
      ];
      const manifest: PackageManifest = {
        format: PACKAGE_FORMAT,
        format_version: TEAM_FORMAT_VERSION,
        package_id: ctx.newId(),
        tool: { name: 'Annotation Workbench', version: APP_VERSION },
        created_at: createdAt,
        project: { id: project.id, name: project.name },
        schema_version: project.schema.version,
        annotator: { id: annotator.id, name: annotator.name, role: annotator.role, created_at: annotator.createdAt },
        lead: lead ? { id: lead.id, name: lead.name } : null,
        assignment: { seed: request.seed, k: request.k, team: team.map((member) => ({ id: member.id, name: member.name })), documents: ids.length },
        resources: resources.map(({ kind, path, count }) => ({ kind, path, count })),
        files: entries,
      };
      zip.addText('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
      await zip.end();
      const written = folder.commit(file);
      packages.push({ annotatorId: annotator.id, annotatorName: annotator.name, file: file.finalPath, documents: ids.length, bytes: written.bytes });
    }
    if (control.isCancelled()) throw new TeamCancelledError('packages');
    db.exec('COMMIT');
    db.transaction(() => {
      for (const [annotatorId, ids] of assignment) for (const id of ids) if (insertAssignment(db, project.id, id, annotatorId, createdAt)) assignmentsAdded++;
    }).immediate();
    folder.sync();
    return { folder: folder.root, projectId: project.id, seed: request.seed, k: request.k, documents: documents.length, packages, assignmentsAdded };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    folder.discard();
    throw error;
  }
}
