import type { AgreementRunSummary, AgreementSummary } from '../../shared/contract/methods/agreement';
import type { JobResult } from '../../shared/contract/methods/jobs';
import { WorkbenchError } from '../errors';
import type { Db } from '../store/types';
import type { AgreementControl, AgreementRequest } from './computeAgreement';
import { computeAgreementInParallel, type ParallelOptions } from './parallelAgreement';
import { byDisagreement } from './documentOrder';

/** Rows a run's summary carries to the client; the rest are read page by page (agreement.documents). */
export const SUMMARY_ROWS = 100;

/**
 * Computes agreement in a job's worker, with the documents shared between threads
 * (computeAgreementInParallel): every figure, with every per-document row sorted by
 * disagreement (the host keeps them for the drill-down and the report; polls see the first
 * {@link SUMMARY_ROWS}).
 */
export async function runAgreement(
  db: Db,
  request: AgreementRequest & { projectId: string },
  control: AgreementControl,
  options: ParallelOptions = {},
): Promise<AgreementRunSummary> {
  const summary = await computeAgreementInParallel(db, request, control, options);
  const rows = byDisagreement(summary.perDocument);
  return { ...summary, perDocument: rows, perDocumentTotal: rows.length };
}

/** A finished agreement run as the host keeps it: the settings it used and every row, sorted by disagreement. */
export type AgreementRun = {
  readonly id: string;
  readonly projectId: string;
  readonly summary: AgreementSummary;
  /** The request that reproduces the run's settings exactly. */
  readonly request: AgreementRequest & { projectId: string };
};

/**
 * The last few finished agreement runs of a host, by job id, so the dashboard can page through
 * the documents behind any figure and write a report without computing again. A run holds one
 * small row per compared document (a few MB for 10,000 documents), so only {@link KEPT} are kept.
 */
export class AgreementRuns {
  private readonly runs = new Map<string, AgreementRun>();

  /** Keeps a finished job's full result and answers what polls should see (the first rows only). */
  keep(jobId: string, result: Extract<JobResult, { kind: 'agreement' }>): JobResult {
    const { summary, projectId } = result;
    this.runs.set(jobId, {
      id: jobId,
      projectId,
      summary,
      request: {
        projectId,
        annotators: summary.annotators.map((annotator) => annotator.id),
        labels: summary.labels,
        tokenizer: summary.tokenizer,
        counting: summary.counting,
      },
    });
    while (this.runs.size > KEPT) this.runs.delete(this.runs.keys().next().value ?? '');
    return { kind: 'agreement', projectId, summary: { ...summary, perDocument: summary.perDocument.slice(0, SUMMARY_ROWS) } };
  }

  /** A kept run, or not_found saying to compute again. */
  get(runId: string): AgreementRun {
    const run = this.runs.get(runId);
    if (!run)
      throw new WorkbenchError('not_found', 'This agreement result is no longer kept (only the last few are, until the app restarts): compute it again.');
    return run;
  }

  /** A kept run, or null. */
  find(runId: string): AgreementRun | null {
    return this.runs.get(runId) ?? null;
  }
}

const KEPT = 3;
