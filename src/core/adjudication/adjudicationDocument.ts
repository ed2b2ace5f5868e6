import type { AdjudicationDocument } from '../../shared/contract/methods/adjudication';
import { buildPlaces, type Lane } from '../../shared/adjudication/places';
import { WorkbenchError } from '../errors';
import type { AgreementRuns } from '../agreement/agreementRuns';
import { compareDocument } from '../agreement/compareDocument';
import type { AgreementRequest } from '../agreement/computeAgreement';
import { resolveSettings } from '../agreement/computeAgreement';
import { readAgreementDocument } from '../agreement/loadInputs';
import { participation } from '../agreement/participation';
import { prepareSettings } from '../agreement/settings';
import type { AgreementSettings } from '../agreement/types';
import type { ServiceContext } from '../services/context';
import { getDocument } from '../store/documents';
import { prepareCached } from '../store/statementCache';
import { goldLayerOf } from './goldWrites';

/**
 * The settings a document is compared with: an agreement run's (so the compare view shows exactly
 * what the dashboard counted, with the run's tokenizer, which has already tokenized every compared
 * document without running away), or the defaults with the annotators who worked on this document.
 */
export function settingsForDocument(
  ctx: ServiceContext,
  runs: AgreementRuns,
  documentId: string,
  runId: string | undefined,
): { settings: AgreementSettings; runId: string | null; projectId: string } {
  const document = prepareCached<[string], { project_id: string }>(ctx.db, 'SELECT project_id FROM document WHERE id = ?').get(documentId);
  if (!document) throw new WorkbenchError('not_found', `No document with id ${documentId}.`);
  if (runId !== undefined) {
    const run = runs.get(runId);
    if (run.projectId !== document.project_id) throw new WorkbenchError('invalid_input', 'This agreement result is about another project.');
    return { settings: resolveSettings(ctx.db, run.request), runId, projectId: run.projectId };
  }
  const request: AgreementRequest = { projectId: document.project_id, annotators: annotatorsOfDocument(ctx, documentId) };
  return { settings: resolveSettings(ctx.db, request), runId: null, projectId: document.project_id };
}

/**
 * The annotators who worked on a document (a status or live annotator-layer spans), by name;
 * adjudicators only with spans of their own (their status is about the gold layer).
 */
function annotatorsOfDocument(ctx: ServiceContext, documentId: string): string[] {
  return prepareCached<[string, string], { id: string }>(
    ctx.db,
    `SELECT id FROM annotator
      WHERE id IN (SELECT annotator_id FROM document_status WHERE document_id = ? AND annotator_id IN (SELECT id FROM annotator WHERE role <> 'adjudicator')
                   UNION SELECT annotator_id FROM annotation WHERE document_id = ? AND layer = 'annotator' AND deleted = 0)
      ORDER BY name, id`,
  )
    .all(documentId, documentId)
    .map((row) => row.id);
}

/** Everything the compare view shows for one document (see AdjudicationDocument in the contract). */
export function adjudicationDocument(ctx: ServiceContext, runs: AgreementRuns, documentId: string, runId: string | undefined): AdjudicationDocument {
  return ctx.db.transaction(() => {
    const { settings, runId: usedRun, projectId } = settingsForDocument(ctx, runs, documentId, runId);
    const record = getDocument(ctx.db, documentId, null);
    if (!record) throw new WorkbenchError('not_found', `No document with id ${documentId}.`);
    const ids = settings.annotators.map((annotator) => annotator.id);
    const input = readAgreementDocument(ctx.db, documentId, ids);
    if (!input) throw new WorkbenchError('not_found', `No document with id ${documentId}.`);
    const annotators = settings.annotators.map((annotator) => {
      const work = input.work.find((entry) => entry.annotatorId === annotator.id);
      const spans = [...(work?.spans ?? [])].sort((x, y) => x.start - y.start || x.end - y.end || (x.id < y.id ? -1 : 1));
      return {
        id: annotator.id,
        name: annotator.name,
        status: work?.status ?? 'todo',
        counted: participation(work, settings.counting).counted,
        spans: spans.map((span) => ({ id: span.id, start: span.start, end: span.end, label: span.label, attributes: { ...span.attributes } })),
      };
    });
    let comparison: AdjudicationDocument['comparison'] = null;
    let notCompared: string | null = null;
    if (ids.length < 2) {
      notCompared = ids.length === 0 ? 'no annotator has worked on this document' : 'only one annotator has worked on this document';
    } else {
      const tally = compareDocument(input, prepareSettings(settings), { detail: true });
      if (tally.detail) comparison = tally.detail;
      else
        notCompared =
          tally.exclusion?.message ??
          (tally.outcome === 'single' ? 'only one of the annotators counts for this document' : 'none of the annotators counts for this document');
    }
    return {
      document: { id: record.id, projectId, title: record.title, text: record.text, charCount: record.charCount },
      runId: usedRun,
      settings: { labels: [...settings.labels], tokenizer: settings.tokenizer, counting: settings.counting },
      annotators,
      ...goldLayerOf(ctx, documentId),
      comparison,
      notCompared: comparison ? null : notCompared,
    };
  })();
}

/**
 * The lanes of the counted annotators of a document, for places (what "agreed" means: every
 * counted annotator marked exactly these spans). Throws when fewer than two count.
 */
export function countedLanes(view: AdjudicationDocument): Lane[] {
  const counted = view.annotators.filter((annotator) => annotator.counted);
  if (counted.length < 2) {
    throw new WorkbenchError(
      'invalid_input',
      `Nothing is agreed in “${view.document.title}”: ${view.notCompared ?? 'fewer than two annotators count for it'}.`,
    );
  }
  return counted.map((annotator) => ({ annotatorId: annotator.id, spans: annotator.spans }));
}

/** What accepting every agreed span would do: the spans to copy, and how many places are already decided or left. */
export function agreedToAccept(view: AdjudicationDocument): { spanIds: string[]; alreadyInGold: number; leftForDecision: number } {
  const places = buildPlaces(countedLanes(view), view.gold);
  const spanIds: string[] = [];
  let alreadyInGold = 0;
  let leftForDecision = 0;
  for (const place of places) {
    const first = place.lanes[0]?.spans ?? [];
    if (!place.agreed) leftForDecision++;
    else if (first.length === 0) continue;
    else if (place.gold.length === 0) spanIds.push(...first.map((span) => span.id));
    else if (place.goldMatches.length > 0) alreadyInGold += first.length;
    else leftForDecision++;
  }
  return { spanIds, alreadyInGold, leftForDecision };
}
