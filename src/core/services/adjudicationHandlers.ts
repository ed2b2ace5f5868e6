import { adjudicationDocument, agreedToAccept } from '../adjudication/adjudicationDocument';
import { changeGold, goldCopyOf, goldLayerOf, updateGold } from '../adjudication/goldWrites';
import { adjudicationProgress, getAdjudication, setAdjudication } from '../store/adjudication';
import { prepareCached } from '../store/statementCache';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';
import type { HostServices } from './importHandlers';
import { activeProject, requireLocalAnnotatorId, requireProject } from './session';
import { WorkbenchError } from '../errors';

type AdjudicationMethods =
  | 'adjudication.document'
  | 'adjudication.accept'
  | 'adjudication.reject'
  | 'adjudication.create'
  | 'adjudication.update'
  | 'adjudication.acceptAgreed'
  | 'adjudication.setStatus'
  | 'adjudication.progress';

/**
 * Comparing one document and adjudicating it into the gold layer. The local annotator acts as the
 * adjudicator: every gold span written is stamped with them (origin `adjudicated`). Each write is
 * one BEGIN IMMEDIATE transaction (as the editor's), so it is durable when the call returns, and
 * answers the document's whole gold layer as it then is.
 */
export function adjudicationHandlers(ctx: ServiceContext, host: HostServices): Pick<Handlers, AdjudicationMethods> {
  const write = (documentId: string, change: (adjudicatorId: string) => void) => {
    const adjudicatorId = requireLocalAnnotatorId(ctx);
    return ctx.db
      .transaction(() => {
        change(adjudicatorId);
        return goldLayerOf(ctx, documentId);
      })
      .immediate();
  };
  return {
    'adjudication.document': ({ documentId, runId }) => adjudicationDocument(ctx, host.agreementRuns, documentId, runId),

    'adjudication.accept': ({ documentId, spanIds, replaceGoldIds }) =>
      write(documentId, (adjudicatorId) =>
        changeGold(
          ctx,
          documentId,
          adjudicatorId,
          spanIds.map((id) => goldCopyOf(ctx, documentId, id)),
          replaceGoldIds,
        ),
      ),

    'adjudication.reject': ({ documentId, goldIds }) => write(documentId, (adjudicatorId) => changeGold(ctx, documentId, adjudicatorId, [], goldIds)),

    'adjudication.create': ({ documentId, start, end, label, attributes, replaceGoldIds }) =>
      write(documentId, (adjudicatorId) =>
        changeGold(ctx, documentId, adjudicatorId, [{ start, end, label, attributes: attributes ?? {}, sourceId: null }], replaceGoldIds),
      ),

    'adjudication.update': (patch) => {
      const adjudicatorId = requireLocalAnnotatorId(ctx);
      return ctx.db
        .transaction(() => {
          const documentId = updateGold(ctx, adjudicatorId, patch);
          return goldLayerOf(ctx, documentId);
        })
        .immediate();
    },

    'adjudication.acceptAgreed': ({ documentId, runId }) => {
      const adjudicatorId = requireLocalAnnotatorId(ctx);
      return ctx.db
        .transaction(() => {
          // Read and written in one transaction: what is agreed cannot change in between.
          const plan = agreedToAccept(adjudicationDocument(ctx, host.agreementRuns, documentId, runId));
          const spans = plan.spanIds.map((id) => goldCopyOf(ctx, documentId, id));
          if (spans.length > 0) changeGold(ctx, documentId, adjudicatorId, spans, []);
          return { ...goldLayerOf(ctx, documentId), accepted: spans.length, alreadyInGold: plan.alreadyInGold, leftForDecision: plan.leftForDecision };
        })
        .immediate();
    },

    'adjudication.setStatus': ({ documentId, status }) =>
      write(documentId, (adjudicatorId) => {
        if (!getDocumentProject(ctx, documentId)) throw new WorkbenchError('not_found', `No document with id ${documentId}.`);
        const current = getAdjudication(ctx.db, documentId);
        if (current?.status !== status) setAdjudication(ctx.db, documentId, adjudicatorId, status, ctx.now());
      }),

    'adjudication.progress': ({ projectId }) => {
      const project = projectId ? requireProject(ctx, projectId) : activeProject(ctx);
      return adjudicationProgress(ctx.db, project.id);
    },
  };
}

function getDocumentProject(ctx: ServiceContext, documentId: string): string | null {
  return prepareCached<[string], { project_id: string }>(ctx.db, 'SELECT project_id FROM document WHERE id = ?').get(documentId)?.project_id ?? null;
}
