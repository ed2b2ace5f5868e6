import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { LIMITS } from '../limits';
import { Id, Name } from '../schemas';
import { DocumentStatus } from './documents';

const Count = z.number().int().nonnegative();
const Handles = z.array(Id).min(1).max(1000);

/** What a merge did with one kind of row (annotations or statuses) of a bundle. */
export const MergeCounts = z.object({
  /** New here. */
  inserted: Count,
  /** A later revision replaced the one here. */
  updated: Count,
  /** Already here exactly as in the bundle. */
  unchanged: Count,
  /** The database already holds a later revision (the bundle's is older). */
  superseded: Count,
  /** Not merged; listed in leftOutDocuments or leftOutAnnotations. */
  leftOut: Count,
});
export type MergeCounts = z.infer<typeof MergeCounts>;

/** What happened to one bundle file in a merge. */
export const BundleReport = z.object({
  file: z.string(),
  status: z.enum(['merged', 'refused']),
  /** Why the bundle was refused as a whole (damaged, changed, too large, unsafe, another schema version…). */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  bundleId: z.string().nullable(),
  annotator: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** When the annotator wrote the bundle. */
  createdAt: z.string().nullable(),
  projectId: z.string().nullable(),
  /** This bundle had been merged into this database before (so nothing changed). */
  alreadyMerged: z.boolean(),
  annotations: MergeCounts,
  statuses: MergeCounts,
  /** Documents whose work was left out: unknown here, or their text differs (another SHA-256). */
  leftOutDocuments: z.array(
    z.object({
      documentId: z.string(),
      title: z.string(),
      reason: z.enum(['unknown_document', 'text_mismatch']),
      bundleSha256: z.string(),
      localSha256: z.string().nullable(),
      annotations: Count,
      statuses: Count,
    }),
  ),
  /** Every annotation left out (up to 1,000 here; all of them in the bundle's import record). */
  leftOutAnnotations: z.array(z.object({ id: z.string(), documentId: z.string(), reason: z.enum(['document_left_out', 'identity_conflict']) })),
  leftOutAnnotationsOmitted: Count,
});
export type BundleReport = z.infer<typeof BundleReport>;

/** What a merge of many bundles did. */
export const MergeSummary = z.object({
  bundles: z.array(BundleReport),
  totals: z.object({ bundlesMerged: Count, bundlesRefused: Count, annotations: MergeCounts, statuses: MergeCounts }),
});
export type MergeSummary = z.infer<typeof MergeSummary>;

/** What writing assignment packages produced. */
export const PackagesSummary = z.object({
  folder: z.string(),
  projectId: Id,
  seed: z.number().int(),
  k: z.number().int(),
  documents: Count,
  packages: z.array(z.object({ annotatorId: Id, annotatorName: z.string(), file: z.string(), documents: Count, bytes: Count })),
  /** Assignments recorded here that were new (an assignment made before is kept). */
  assignmentsAdded: Count,
});
export type PackagesSummary = z.infer<typeof PackagesSummary>;

/** What opening a package did. */
export const PackageOpened = z.object({
  projectId: Id,
  projectName: z.string(),
  projectCreated: z.boolean(),
  schemaUpdated: z.boolean(),
  annotator: z.object({ id: Id, name: z.string() }),
  /** `adopted`: this installation now works as the package's annotator; `same`: it already did. */
  identity: z.enum(['adopted', 'same']),
  documentsAdded: Count,
  documentsAlreadyHere: Count,
  assigned: Count,
  resources: z.array(z.object({ kind: z.string(), count: Count })),
  warnings: z.array(z.string()),
});
export type PackageOpened = z.infer<typeof PackageOpened>;

/** What writing a bundle produced. */
export const BundleWrittenSummary = z.object({
  file: z.string(),
  bundleId: Id,
  projectId: Id,
  annotator: z.object({ id: Id, name: z.string() }),
  documents: Count,
  annotations: Count,
  tombstones: Count,
  statuses: Count,
  bytes: Count,
});
export type BundleWrittenSummary = z.infer<typeof BundleWrittenSummary>;

/** One annotator's line in the Team view. */
export const TeamMember = z.object({
  id: Id,
  name: z.string(),
  role: z.enum(['annotator', 'adjudicator', 'lead']),
  /** This installation's own annotator. */
  isLocal: z.boolean(),
  assigned: Count,
  /** Statuses over the documents assigned to them or given a status by them. */
  done: Count,
  inProgress: Count,
  skipped: Count,
  /** Assigned documents without a status yet. */
  todo: Count,
  /** Live spans in the project. */
  spans: Count,
  lastBundle: z
    .object({ bundleId: z.string(), fileName: z.string(), createdAt: z.string(), importedAt: z.string(), timesImported: Count, annotations: Count })
    .nullable(),
});
export type TeamMember = z.infer<typeof TeamMember>;

/** Which documents a package run takes: the document list's own filters. */
export const PackageFilter = z.strictObject({
  statuses: z.array(DocumentStatus).min(1).max(4).optional(),
  query: z.string().max(LIMITS.queryLength).optional(),
});

export const teamMethods = {
  'team.overview': defineMethod({
    description: "Each annotator of a project with their assignment, progress and the last bundle merged from them; the project's document count.",
    input: z.strictObject({ projectId: Id.optional() }),
    output: z.object({ projectId: Id, projectName: z.string(), documents: Count, members: z.array(TeamMember) }),
  }),
  'team.addAnnotator': defineMethod({
    description: 'Adds a team member (an annotator with a new UUID) whom packages can be written for.',
    input: z.strictObject({ name: Name, role: z.enum(['annotator', 'adjudicator']).default('annotator') }),
    output: z.object({ id: Id, name: z.string(), role: z.string() }),
  }),
  'packages.start': defineMethod({
    description:
      'Starts writing assignment packages as a background job: the documents the filter selects, each to k of the chosen annotators (balanced, decided by the seed), one package file per annotator in a new folder. Poll it with jobs.get.',
    input: z.strictObject({
      projectId: Id.optional(),
      filter: PackageFilter.default({}),
      annotatorIds: z.array(Id).min(1).max(1000),
      k: z.number().int().min(1).max(1000),
      seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      folder: Id.optional(),
    }),
    output: z.object({ jobId: Id }),
  }),
  'packages.inspect': defineMethod({
    description:
      'Reads a package file’s manifest (after checking the archive) without writing: for whom, which project, how many documents, and whether opening it changes who this installation works as.',
    input: z.strictObject({ handle: Id }),
    output: z.object({
      project: z.object({ id: Id, name: z.string(), existsHere: z.boolean() }),
      annotator: z.object({ id: Id, name: z.string() }),
      lead: z.object({ id: Id, name: z.string() }).nullable(),
      documents: Count,
      schemaVersion: z.number().int(),
      createdAt: z.string(),
      localAnnotator: z.object({ id: Id, name: z.string() }).nullable(),
      /** `adopt`: no local annotator yet, it becomes the package's; `same`; `differs`: opening needs adoptIdentity. */
      identity: z.enum(['adopt', 'same', 'differs']),
    }),
  }),
  'packages.open': defineMethod({
    description:
      'Opens an assignment package as a background job: creates or updates its project (same ids as the lead’s), adds its documents and the assignment. A package for another annotator than this installation’s is refused unless adoptIdentity is true.',
    input: z.strictObject({ handle: Id, adoptIdentity: z.boolean().default(false) }),
    output: z.object({ jobId: Id }),
  }),
  'bundles.start': defineMethod({
    description: "Starts writing this installation's annotator's work on a project as one bundle file (a background job). Poll it with jobs.get.",
    input: z.strictObject({ projectId: Id.optional(), folder: Id.optional() }),
    output: z.object({ jobId: Id }),
  }),
  'bundles.merge': defineMethod({
    description:
      'Merges annotation bundles from annotators into this database as a background job (one transaction; a bad bundle is refused whole and the others go on). Poll it with jobs.get.',
    input: z.strictObject({ handles: Handles }),
    output: z.object({ jobId: Id }),
  }),
};
