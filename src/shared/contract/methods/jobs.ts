import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { Id, Timestamp } from '../schemas';
import { AgreementRunSummary } from './agreement';
import { ExportSummary } from './exports';
import { GazetteerImportSummary } from './gazetteers';
import { ImportSummary } from './imports';
import { BundleWrittenSummary, MergeSummary, PackageOpened, PackagesSummary } from './team';
import { SuggestSummary } from './suggestions';

/**
 * What a finished job produced, by kind. Long-running work (imports now; exports and bundles
 * later) adds its kind here, so the one jobs API serves them all.
 */
export const JobResult = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('import'), summary: ImportSummary }),
  z.object({ kind: z.literal('export'), summary: ExportSummary }),
  z.object({ kind: z.literal('packages'), summary: PackagesSummary }),
  z.object({ kind: z.literal('packageOpen'), summary: PackageOpened }),
  z.object({ kind: z.literal('bundle'), summary: BundleWrittenSummary }),
  z.object({ kind: z.literal('merge'), summary: MergeSummary }),
  z.object({ kind: z.literal('gazetteer'), summary: GazetteerImportSummary }),
  z.object({ kind: z.literal('suggest'), summary: SuggestSummary }),
  z.object({ kind: z.literal('agreement'), projectId: Id, summary: AgreementRunSummary }),
]);
export type JobResult = z.infer<typeof JobResult>;
export type JobKind = JobResult['kind'];

export const JobState = z.enum(['running', 'succeeded', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

/** A background job as a poll sees it. */
export const JobStatus = z.object({
  id: Id,
  kind: z.enum(['import', 'export', 'packages', 'packageOpen', 'bundle', 'merge', 'gazetteer', 'suggest', 'agreement']),
  state: JobState,
  /** What the job is doing now, in words ("Reading articles.jsonl", "Committing"). */
  phase: z.string(),
  /** Work done and total, in `unit`; total is 0 when unknown. */
  progress: z.object({ done: z.number().nonnegative(), total: z.number().nonnegative(), unit: z.enum(['bytes', 'items']) }),
  /** Set once the user asked to cancel; the job stops at its next check. */
  cancelRequested: z.boolean(),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  /** Present when succeeded (and for a cancelled import, what had been read when it stopped). */
  result: JobResult.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type JobStatus = z.infer<typeof JobStatus>;

export const jobMethods = {
  'jobs.get': defineMethod({
    description: "A background job's state, progress and, once finished, its result or error.",
    input: z.strictObject({ jobId: Id }),
    output: JobStatus,
  }),
  'jobs.cancel': defineMethod({
    description: 'Asks a running job to stop; it rolls back everything it wrote. Answers with its state at once; poll jobs.get until it is cancelled.',
    input: z.strictObject({ jobId: Id }),
    output: JobStatus,
  }),
  'jobs.list': defineMethod({
    description: 'The jobs this host has run since it started, newest first.',
    input: z.strictObject({}),
    output: z.array(JobStatus),
  }),
};
