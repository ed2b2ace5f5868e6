import type { AgreementSummary as Metrics, Figure } from '../../shared/contract/methods/agreement';
import { type AgreementControl, computeAgreement } from '../agreement/computeAgreement';
import { listCountingAnnotators } from '../agreement/loadInputs';
import type { Db } from '../store/types';

/** An agreement figure the dataset card shows (one row per metric and scope). */
export type AgreementFigure = { metric: string; scope: string; value: number; documents: number; annotators: number };

/** What the dataset card says about inter-annotator agreement. */
export type AgreementSummary = { figures: AgreementFigure[]; note?: string };

/** What an agreement provider is asked: the project, and which labels the export holds. */
export type AgreementRequest = { projectId: string; labels: string[] };

/**
 * The agreement summary of an export's dataset card and manifest, computed inside the export's
 * read transaction (the same snapshot as the data) with the defaults of the dashboard: the
 * annotators who marked documents done, the project tokenizer, the export's labels. It covers the
 * project's documents at least two annotators marked done, not only those exported, and says so.
 * Null when fewer than two annotators have finished any document (the card then says no summary
 * exists). Figures that are undefined are named in the note with their reason, never given a value.
 */
export function agreementSummaryForExport(db: Db, request: AgreementRequest, control: AgreementControl = {}): AgreementSummary | null {
  if (request.labels.length === 0 || listCountingAnnotators(db, request.projectId, 'done').length < 2) return null;
  const metrics = computeAgreement(db, { projectId: request.projectId, labels: request.labels }, control);
  if (metrics.documents.compared === 0) return null;
  return cardFigures(metrics);
}

/** The card's rows from a computed summary: overall figures, each pair's kappa, each label's overlap F1. */
export function cardFigures(metrics: Metrics): AgreementSummary {
  const figures: AgreementFigure[] = [];
  const undefinedOnes: string[] = [];
  const annotators = metrics.annotators.length;
  const name = (id: string) => metrics.annotators.find((annotator) => annotator.id === id)?.name ?? id;
  const add = (metric: string, scope: string, figure: Figure, documents: number, count = annotators) => {
    if ('value' in figure) figures.push({ metric, scope, value: figure.value, documents, annotators: count });
    else undefinedOnes.push(`${metric} (${scope}) is undefined: ${figure.reason}`);
  };
  const compared = metrics.documents.compared;
  add("Krippendorff's alpha (nominal)", 'tokens, all labels', metrics.token.alpha, compared);
  add('observed agreement', 'tokens, all labels', metrics.token.observedAgreement, compared);
  add("Fleiss' kappa", 'tokens every annotator annotated', metrics.token.fleiss.kappa, metrics.token.fleiss.documents);
  for (const pair of metrics.token.pairs) add("Cohen's kappa", `tokens, ${name(pair.a)}–${name(pair.b)}`, pair.kappa, pair.documents, 2);
  add('span F1, exact match', 'all labels, pooled over pairs', metrics.span.exact.f1, compared);
  add('span F1, overlap match', 'all labels, pooled over pairs', metrics.span.overlap.f1, compared);
  for (const label of metrics.span.overlap.labels) add('span F1, overlap match', label.label, label.f1, compared);
  const who = metrics.annotators.map((annotator) => annotator.name).join(', ');
  const note = [
    `Computed by Annotation Workbench over the ${compared.toLocaleString('en-US')} documents of the project that at least two of ${who} marked done (not only the exported ones), with the project tokenizer; docs/agreement.md defines every figure.`,
    ...undefinedOnes,
  ].join('\n\n');
  return { figures, note };
}
