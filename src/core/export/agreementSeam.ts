import type { Db } from '../store/types';

/** An agreement figure the dataset card shows (one row per metric and scope). */
export type AgreementFigure = { metric: string; scope: string; value: number; documents: number; annotators: number };

/** What the dataset card says about inter-annotator agreement. */
export type AgreementSummary = { figures: AgreementFigure[]; note?: string };

/** What an agreement provider is asked: the project, and which labels the export holds. */
export type AgreementRequest = { projectId: string; labels: string[] };

/**
 * SEAM for the lead: connect the agreement metrics (src/core/agreement, built on another branch)
 * here. An export calls this once, inside its read transaction, and puts the answer in the
 * dataset card and the manifest; null means "no agreement summary exists" and the card says so.
 * Replace the body with a call into src/core/agreement; nothing else in the export changes.
 */
export function agreementSummaryForExport(db: Db, request: AgreementRequest): AgreementSummary | null {
  void db;
  void request;
  return null;
}
