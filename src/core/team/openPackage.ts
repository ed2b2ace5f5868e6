import type { MethodOutput } from '../../shared/contract/index';
import type { PackageOpened } from '../../shared/contract/methods/team';
import { LabelSchema } from '../../shared/domain/labelSchema';
import { WorkbenchError } from '../errors';
import type { JobControl } from '../import/runImport';
import type { ChosenPath } from '../import/units';
import { addDocument, textSha256 } from '../services/addDocument';
import type { ServiceContext } from '../services/context';
import { localAnnotatorId } from '../services/session';
import { getAnnotator, insertAnnotator, removeIdleAnnotator } from '../store/annotators';
import { insertAssignment } from '../store/assignments';
import { getProject, insertProject, updateProject } from '../store/projects';
import { setSetting, SETTING } from '../store/settings';
import { prepareCached } from '../store/statementCache';
import {
  PACKAGE_LIMITS,
  PACKAGE_LINE_BYTES,
  PackageAssignment,
  PackageDocumentLine,
  PackageManifest,
  type PackageManifest as PackageManifestType,
} from './formats';
import { parseLine } from './parseLine';
import { readTeamManifest } from './readManifest';
import { PROJECT_RESOURCE_KINDS, type ProjectResourceKind } from './projectResources';
import { TeamCancelledError } from './teamFiles';
import { ArchiveError, ZipArchive } from './zipArchive';

/** Opening a package: the file, and whether this installation may take on the package's annotator when it works as someone else. */
export type OpenPackageRequest = { path: ChosenPath; adoptIdentity: boolean };

/** Opens a package and checks its manifest against the archive (every listed entry present with its size, nothing unlisted). */
async function openChecked(chosen: ChosenPath): Promise<{ archive: ZipArchive; manifest: PackageManifestType }> {
  const file = chosen.name;
  const archive = await ZipArchive.open(chosen.path, file, PACKAGE_LIMITS);
  try {
    const manifest = readTeamManifest('package', PackageManifest, file, await archive.readText('manifest.json'));
    const listed = new Map(manifest.files.map((entry) => [entry.path, entry]));
    for (const entry of archive.list()) {
      if (entry.name === 'manifest.json') continue;
      const declared = listed.get(entry.name);
      if (!declared) throw new ArchiveError(file, `the entry "${entry.name}" is not listed in the manifest.`);
      if (declared.bytes !== entry.bytes)
        throw new ArchiveError(file, `"${entry.name}" is ${entry.bytes} bytes but the manifest says ${declared.bytes}: the package was changed.`);
    }
    for (const name of ['schema.json', 'documents.jsonl', 'assignment.json', ...manifest.resources.map((resource) => resource.path)]) {
      if (!listed.has(name) || !archive.has(name)) throw new ArchiveError(file, `the package has no "${name}" (or its manifest does not list it).`);
    }
    return { archive, manifest };
  } catch (error) {
    archive.close();
    throw error;
  }
}

/** How opening a package would change who this installation works as. */
function identityOf(ctx: ServiceContext, annotatorId: string): 'adopt' | 'same' | 'differs' {
  const local = localAnnotatorId(ctx);
  return local === null ? 'adopt' : local === annotatorId ? 'same' : 'differs';
}

/** The manifest of a package, checked, and what opening it would do; writes nothing. */
export async function inspectPackage(ctx: ServiceContext, chosen: ChosenPath): Promise<MethodOutput<'packages.inspect'>> {
  const { archive, manifest } = await openChecked(chosen);
  archive.close();
  const localId = localAnnotatorId(ctx);
  const local = localId ? getAnnotator(ctx.db, localId) : null;
  return {
    project: { id: manifest.project.id, name: manifest.project.name, existsHere: getProject(ctx.db, manifest.project.id) !== null },
    annotator: { id: manifest.annotator.id, name: manifest.annotator.name },
    lead: manifest.lead,
    documents: manifest.assignment.documents,
    schemaVersion: manifest.schema_version,
    createdAt: manifest.created_at,
    localAnnotator: local ? { id: local.id, name: local.name } : null,
    identity: identityOf(ctx, manifest.annotator.id),
  };
}

/**
 * Opens an assignment package in one transaction on the context's own connection (a job
 * worker's): creates or updates its project with the lead's ids, name and schema, adds the
 * documents (same ids and texts as the lead's), records the assignment and the project
 * resources, makes the project the active one, and makes sure this installation works as the
 * package's annotator (docs/formats.md, "Opening a package": adopted when no annotator is set,
 * refused with `conflict` when another one is, unless `adoptIdentity`). Anything wrong refuses
 * the whole package and leaves the database as it was.
 */
export async function openPackage(
  ctx: ServiceContext,
  request: OpenPackageRequest,
  control: JobControl,
  resourceKinds: readonly ProjectResourceKind[] = PROJECT_RESOURCE_KINDS,
): Promise<PackageOpened> {
  const { db } = ctx;
  const file = request.path.name;
  const { archive, manifest } = await openChecked(request.path);
  try {
    const listed = new Map(manifest.files.map((entry) => [entry.path, entry]));
    const expected = (name: string) => listed.get(name) ?? { sha256: '', bytes: 0 };
    const schema = parseLine(LabelSchema, await archive.readText('schema.json', expected('schema.json').sha256), file, 'schema.json', null);
    if (schema.version !== manifest.schema_version) {
      throw new ArchiveError(file, `schema.json is version ${schema.version} but the manifest says ${manifest.schema_version}: the package was changed.`);
    }
    const assignment = parseLine(
      PackageAssignment,
      await archive.readText('assignment.json', expected('assignment.json').sha256),
      file,
      'assignment.json',
      null,
    );
    if (assignment.annotator_id !== manifest.annotator.id) throw new ArchiveError(file, 'assignment.json is for another annotator than the manifest names.');
    const resourceTexts = new Map<string, string>();
    for (const resource of manifest.resources) resourceTexts.set(resource.kind, await archive.readText(resource.path, expected(resource.path).sha256));

    db.exec('BEGIN IMMEDIATE');
    try {
      const now = ctx.now();
      // Identity first: nothing is written for a package meant for someone else unless the user said so.
      const who = manifest.annotator;
      const identity = identityOf(ctx, who.id);
      if (identity === 'differs' && !request.adoptIdentity) {
        const local = getAnnotator(db, localAnnotatorId(ctx) ?? '');
        throw new WorkbenchError(
          'conflict',
          `${file} is for ${who.name}, but this installation works as ${local?.name ?? 'another annotator'}. Opening it makes this installation work as ${who.name} (their spans and statuses then carry ${who.name}'s id, as on the lead's machine); ${local?.name ?? 'the other annotator'}'s work stays in the database.`,
          { packageAnnotator: { id: who.id, name: who.name }, localAnnotator: local ? { id: local.id, name: local.name } : null },
        );
      }
      if (!getAnnotator(db, who.id)) insertAnnotator(db, { id: who.id, name: who.name, role: who.role, createdAt: who.created_at });
      if (identity !== 'same') {
        const previous = localAnnotatorId(ctx);
        setSetting(db, SETTING.localAnnotatorId, who.id);
        // The name typed at first run, with no work of its own, would only show as a second "Ana".
        if (previous && previous !== who.id) removeIdleAnnotator(db, previous);
      }

      // The project: created with the lead's id, or brought to the package's schema when that is not older.
      const existing = getProject(db, manifest.project.id);
      let schemaUpdated = false;
      if (!existing) {
        insertProject(db, { id: manifest.project.id, name: manifest.project.name, schema, createdAt: now, updatedAt: now });
      } else if (existing.schema.version > schema.version) {
        throw new WorkbenchError(
          'conflict',
          `${file} carries version ${schema.version} of the label schema, but the project here is already at version ${existing.schema.version}: it is an older package. Ask the lead for a new one.`,
        );
      } else if (
        existing.schema.version < schema.version ||
        JSON.stringify(existing.schema) !== JSON.stringify(schema) ||
        existing.name !== manifest.project.name
      ) {
        schemaUpdated = existing.schema.version !== schema.version || JSON.stringify(existing.schema) !== JSON.stringify(schema);
        updateProject(db, existing.id, manifest.project.name, schema, now);
      }

      // Documents: the same ids and texts as the lead's. A document already here must be the same text.
      let documentsAdded = 0;
      let documentsAlreadyHere = 0;
      const inPackage = new Set<string>();
      for await (const { text, line } of archive.lines('documents.jsonl', expected('documents.jsonl'), PACKAGE_LINE_BYTES, (bytes) =>
        control.progress({ done: bytes, total: expected('documents.jsonl').bytes, unit: 'bytes', phase: 'Adding documents' }),
      )) {
        if (text === '') continue;
        if (control.isCancelled()) throw new TeamCancelledError('package');
        const document = parseLine(PackageDocumentLine, text, file, 'documents.jsonl', line);
        if (textSha256(document.text) !== document.text_sha256)
          throw new ArchiveError(file, `documents.jsonl, line ${line}: the text does not match its text_sha256.`);
        inPackage.add(document.id);
        const here = prepareCached<[string], { project_id: string; text_sha256: string }>(db, 'SELECT project_id, text_sha256 FROM document WHERE id = ?').get(
          document.id,
        );
        if (here) {
          if (here.project_id !== manifest.project.id || here.text_sha256 !== document.text_sha256) {
            throw new WorkbenchError(
              'conflict',
              `${file}: the document ${document.id} (“${document.title}”) is already here with another text or in another project; nothing was opened.`,
            );
          }
          documentsAlreadyHere++;
          continue;
        }
        const twin = prepareCached<[string, string], { id: string }>(db, 'SELECT id FROM document WHERE project_id = ? AND text_sha256 = ?').get(
          manifest.project.id,
          document.text_sha256,
        );
        if (twin) {
          throw new WorkbenchError(
            'conflict',
            `${file}: the text of “${document.title}” is already in the project under another id (${twin.id}); its annotations could not be merged back. Nothing was opened.`,
          );
        }
        addDocument(ctx, {
          id: document.id,
          projectId: manifest.project.id,
          title: document.title,
          text: document.text,
          source: document.source,
          publishedAt: document.published_at,
          externalId: document.external_id,
          metadata: document.metadata,
        });
        documentsAdded++;
      }
      if (inPackage.size !== manifest.assignment.documents) {
        throw new ArchiveError(
          file,
          `documents.jsonl holds ${inPackage.size} documents but the manifest says ${manifest.assignment.documents}: the package was changed.`,
        );
      }
      let assigned = 0;
      for (const id of assignment.document_ids) {
        if (!inPackage.has(id)) throw new ArchiveError(file, `assignment.json names the document ${id}, which the package does not hold.`);
        insertAssignment(db, manifest.project.id, id, who.id, manifest.created_at);
        assigned++;
      }

      // Project resources (issue 9's gazetteers, and any later kind): through the registry.
      const resources: PackageOpened['resources'] = [];
      const warnings: string[] = [];
      for (const resource of manifest.resources) {
        const kind = resourceKinds.find((candidate) => candidate.kind === resource.kind);
        if (!kind) {
          warnings.push(`The package carries “${resource.kind}” resources, which this version of the app does not know; they were not opened. Update the app.`);
          continue;
        }
        let data: unknown;
        try {
          data = JSON.parse(resourceTexts.get(resource.kind) ?? '');
        } catch {
          throw new ArchiveError(file, `${resource.path} is not valid JSON.`);
        }
        resources.push({ kind: resource.kind, count: kind.importInto(ctx, manifest.project.id, data) });
      }
      setSetting(db, SETTING.activeProjectId, manifest.project.id);
      if (control.isCancelled()) throw new TeamCancelledError('package');
      db.exec('COMMIT');
      return {
        projectId: manifest.project.id,
        projectName: manifest.project.name,
        projectCreated: !existing,
        schemaUpdated,
        annotator: { id: who.id, name: who.name },
        identity: identity === 'same' ? 'same' : 'adopted',
        documentsAdded,
        documentsAlreadyHere,
        assigned,
        resources,
        warnings,
      };
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  } finally {
    archive.close();
  }
}
