import { z } from 'zod';
import { LIMITS } from '../../shared/contract/limits';
import { Attributes, Id, safeRecord } from '../../shared/contract/schemas';
import { AttributeValue } from '../../shared/contract/schemas';
import type { ArchiveLimits } from './zipArchive';

/**
 * The two team file formats (docs/formats.md, "Assignment packages" and "Annotation bundles"),
 * as zod schemas: everything read from a file is parsed through these before it is used.
 */

export const BUNDLE_FORMAT = 'awb-annotation-bundle';
export const PACKAGE_FORMAT = 'awb-assignment-package';
/** The format version this code writes and reads; a file with a higher one is refused ("update the app"). */
export const TEAM_FORMAT_VERSION = 1;

export const BUNDLE_EXTENSION = '.awbbundle';
export const PACKAGE_EXTENSION = '.awbpkg';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256');
const Time = z.string().min(1).max(40);
const Role = z.enum(['annotator', 'adjudicator', 'lead']);
const Count = z.number().int().nonnegative();

export const ArchivedFile = z.strictObject({ path: z.string().min(1).max(200), sha256: Sha256, bytes: Count });

export const TeamAnnotator = z.strictObject({ id: Id, name: z.string().trim().min(1).max(LIMITS.nameLength), role: Role, created_at: Time });
export type TeamAnnotator = z.infer<typeof TeamAnnotator>;

const Tool = z.strictObject({ name: z.string().max(200), version: z.string().max(100) });
const ProjectRef = z.strictObject({ id: Id, name: z.string().trim().min(1).max(LIMITS.nameLength) });

/** The fields every team manifest starts with; read first, so a newer version is named before anything else is checked. */
export const ManifestHead = z.object({ format: z.string().max(100), format_version: z.number().int().min(1) });

export const BundleManifest = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  format_version: z.literal(TEAM_FORMAT_VERSION),
  bundle_id: Id,
  tool: Tool,
  created_at: Time,
  project: ProjectRef,
  schema_version: z.number().int().min(1),
  annotator: TeamAnnotator,
  counts: z.strictObject({ documents: Count, annotations: Count, tombstones: Count, statuses: Count }),
  files: z.array(ArchivedFile).length(3),
});
export type BundleManifest = z.infer<typeof BundleManifest>;

/** One line of a bundle's documents.jsonl: which text the annotator worked on. */
export const BundleDocumentLine = z.strictObject({ id: Id, text_sha256: Sha256, title: z.string().max(10_000) });
export type BundleDocumentLine = z.infer<typeof BundleDocumentLine>;

/** One line of a bundle's annotations.jsonl: a span row exactly as stored, tombstones included. */
export const BundleAnnotationLine = z
  .strictObject({
    id: Id,
    document_id: Id,
    annotator_id: Id,
    layer: z.enum(['annotator', 'gold']),
    start: z.number().int().nonnegative().max(LIMITS.documentLength),
    end: z.number().int().positive().max(LIMITS.documentLength),
    label: z.string().min(1).max(64),
    attributes: Attributes,
    quote: z
      .string()
      .min(1)
      .max(LIMITS.quoteLength * 2),
    origin: z.enum(['manual', 'suggestion', 'imported', 'adjudicated']),
    origin_source: z
      .string()
      .max(LIMITS.nameLength * 2)
      .nullable(),
    revision: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    created_at: Time,
    updated_at: Time,
    deleted: z.boolean(),
  })
  .refine((line) => line.end > line.start, { message: 'end must be greater than start', path: ['end'] });
export type BundleAnnotationLine = z.infer<typeof BundleAnnotationLine>;

/** One line of a bundle's statuses.jsonl. */
export const BundleStatusLine = z.strictObject({
  document_id: Id,
  annotator_id: Id,
  status: z.enum(['todo', 'in_progress', 'done', 'skipped']),
  revision: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  updated_at: Time,
});
export type BundleStatusLine = z.infer<typeof BundleStatusLine>;

export const PackageManifest = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  format_version: z.literal(TEAM_FORMAT_VERSION),
  package_id: Id,
  tool: Tool,
  created_at: Time,
  project: ProjectRef,
  schema_version: z.number().int().min(1),
  annotator: TeamAnnotator,
  lead: z.strictObject({ id: Id, name: z.string().max(LIMITS.nameLength) }).nullable(),
  assignment: z.strictObject({
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    k: z.number().int().min(1).max(1000),
    team: z
      .array(z.strictObject({ id: Id, name: z.string().max(LIMITS.nameLength) }))
      .min(1)
      .max(1000),
    documents: Count,
  }),
  resources: z.array(z.strictObject({ kind: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/), path: z.string().max(200), count: Count })).max(64),
  files: z.array(ArchivedFile).min(3).max(70),
});
export type PackageManifest = z.infer<typeof PackageManifest>;

/** One line of a package's documents.jsonl: a document exactly as the lead stores it. */
export const PackageDocumentLine = z.strictObject({
  id: Id,
  external_id: z
    .string()
    .max(LIMITS.nameLength * 5)
    .nullable(),
  title: z.string().max(10_000),
  source: z.string().max(10_000).nullable(),
  published_at: z.string().max(100).nullable(),
  text: z.string(),
  text_sha256: Sha256,
  metadata: safeRecord(z.union([AttributeValue, z.array(z.string().max(LIMITS.attributeTextLength)).max(64)]), 64),
});
export type PackageDocumentLine = z.infer<typeof PackageDocumentLine>;

/** A package's assignment.json: the documents assigned to its annotator. */
export const PackageAssignment = z.strictObject({ annotator_id: Id, document_ids: z.array(Id).max(10_000_000) });

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Bytes of one line of a bundle (a span with the longest quote and attributes fits many times over). */
export const BUNDLE_LINE_BYTES = 4 * MiB;
/** Bytes of one document line of a package (a document at the size limit fits). */
export const PACKAGE_LINE_BYTES = LIMITS.importRecordBytes;

const BUNDLE_ENTRIES = new Set(['manifest.json', 'documents.jsonl', 'annotations.jsonl', 'statuses.jsonl']);

/** A bundle's caps: checked from the zip's central directory before anything is extracted. */
export const BUNDLE_LIMITS: ArchiveLimits = {
  kind: 'annotation bundle',
  maxFileBytes: 4 * GiB,
  maxEntries: BUNDLE_ENTRIES.size,
  maxTotalBytes: 8 * GiB,
  maxEntryBytes: (name) => (name === 'manifest.json' ? MiB : 4 * GiB),
  maxRatio: 200,
  allowedName: (name) => BUNDLE_ENTRIES.has(name),
};

const PACKAGE_ENTRIES = new Set(['manifest.json', 'schema.json', 'documents.jsonl', 'assignment.json']);

/** A package's caps (resources are `resources/<kind>.json`, one per registered kind). */
export const PACKAGE_LIMITS: ArchiveLimits = {
  kind: 'assignment package',
  maxFileBytes: 4 * GiB,
  maxEntries: PACKAGE_ENTRIES.size + 64,
  maxTotalBytes: 8 * GiB,
  maxEntryBytes: (name) => (name === 'manifest.json' ? MiB : name === 'schema.json' ? 4 * MiB : name === 'assignment.json' ? 512 * MiB : 4 * GiB),
  maxRatio: 200,
  allowedName: (name) => PACKAGE_ENTRIES.has(name) || /^resources\/[a-z][a-z0-9_]{0,63}\.json$/.test(name),
};
