import { WorkbenchError } from '../errors';
import { getAnnotation, writeAnnotationState, type StoredAnnotation } from '../store/annotations';
import { nextRedo, nextUndo, setUndone, type HistoryEntry, type SpanState } from '../store/editHistory';
import type { HistoryResult, HistoryStatus } from '../../shared/contract/methods/history';
import { toContractAnnotation } from './annotationHandlers';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';
import { requireLocalAnnotatorId } from './session';
import { assertNoOverlap, openSpanScope, sameState, shortQuote } from './spanRules';

/**
 * Undo and redo over the persistent edit history. Each is one durable transaction that writes
 * the recorded states back through the same store functions as an edit (so revisions rise and
 * offline copies merge), after checking that every span is still exactly as the step left it.
 */
export function historyHandlers(ctx: ServiceContext): Pick<Handlers, 'history.status' | 'history.undo' | 'history.redo'> {
  const status = (documentId: string, annotatorId: string): HistoryStatus => {
    const undo = nextUndo(ctx.db, documentId, annotatorId);
    const redo = nextRedo(ctx.db, documentId, annotatorId);
    return { canUndo: undo !== null, canRedo: redo !== null, undoDescription: undo?.description ?? null, redoDescription: redo?.description ?? null };
  };

  const step = (documentId: string, direction: 'undo' | 'redo'): HistoryResult => {
    const annotatorId = requireLocalAnnotatorId(ctx);
    const scope = openSpanScope(ctx, documentId, annotatorId);
    return ctx.db
      .transaction((): HistoryResult => {
        const entry = direction === 'undo' ? nextUndo(ctx.db, documentId, annotatorId) : nextRedo(ctx.db, documentId, annotatorId);
        if (!entry) return { applied: false, description: null, upserted: [], removed: [], status: status(documentId, annotatorId) };
        const written = applyEntry(ctx, entry, direction);
        const touched = new Set(entry.changes.map((change) => change.id));
        for (const span of written) if (!span.deleted) assertNoOverlap(ctx, scope, span.start, span.end, touched);
        setUndone(ctx.db, entry.seq, direction === 'undo');
        return {
          applied: true,
          description: entry.description,
          upserted: written.filter((span) => !span.deleted).map(toContractAnnotation),
          removed: written.filter((span) => span.deleted).map((span) => span.id),
          status: status(documentId, annotatorId),
        };
      })
      .immediate();
  };

  return {
    'history.status': ({ documentId }) => status(documentId, requireLocalAnnotatorId(ctx)),
    'history.undo': ({ documentId }) => step(documentId, 'undo'),
    'history.redo': ({ documentId }) => step(documentId, 'redo'),
  };
}

/** Writes each span of a step back to its state before (undo) or after (redo) the step. */
function applyEntry(ctx: ServiceContext, entry: HistoryEntry, direction: 'undo' | 'redo'): StoredAnnotation[] {
  const now = ctx.now();
  const changes = direction === 'undo' ? [...entry.changes].reverse() : entry.changes;
  return changes.map((change) => {
    const current = getAnnotation(ctx.db, change.id);
    const expected: SpanState = direction === 'undo' ? change.after : (change.before ?? { ...change.after, deleted: true });
    if (!current || !sameState(current, expected)) {
      throw new WorkbenchError(
        'conflict',
        `Cannot ${direction} “${entry.description}”: the span “${shortQuote(current?.quote ?? change.after.quote)}” was changed outside this history since.`,
      );
    }
    const target: SpanState = direction === 'undo' ? (change.before ?? { ...change.after, deleted: true }) : change.after;
    return writeAnnotationState(ctx.db, change.id, target, now);
  });
}
