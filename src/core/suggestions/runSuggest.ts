import { WorkbenchError } from '../errors';
import type { JobControl } from '../import/runImport';
import { countDocuments } from '../store/documents';
import { documentTextIn, documentTextPage, type DocumentText } from '../store/suggestions';
import type { ServiceContext } from '../services/context';
import { activeProject, requireProject } from '../services/session';
import type { SuggestSummary } from '../../shared/contract/methods/suggestions';
import { TokenBuffer } from '../../shared/text/tokenBuffer';
import { buildSources, resolveSourceNames } from './suggestionSources';
import { writeDocumentSuggestions } from './writeSuggestions';

/** What a suggestion run is given: documents (all of the project when absent) and sources (all when absent). */
export type SuggestRequest = { documentIds?: string[] | undefined; sources?: string[] | undefined; projectId?: string | undefined };

/** Documents per write transaction: short enough that an annotator's save never waits long for the lock. */
const BATCH = 100;

/**
 * Writes suggestions for many documents: builds each source's automaton once, then replaces each
 * document's suggestions from those sources, a batch of documents per transaction (so the
 * annotator's own saves interleave). A cancel stops between batches: documents already done
 * keep their new suggestions, each document's set is always whole (old or new, never mixed).
 */
export function runSuggest(ctx: ServiceContext, request: SuggestRequest, control: JobControl): SuggestSummary {
  const { db } = ctx;
  const project = request.projectId ? requireProject(ctx, request.projectId) : activeProject(ctx);
  const names = resolveSourceNames(db, project, request.sources);
  control.progress({ done: 0, total: 0, unit: 'items', phase: 'Building matchers' });
  const sources = buildSources(db, project, names);
  const total = request.documentIds ? request.documentIds.length : countDocuments(db, project.id);
  const tokens = new TokenBuffer();
  const perSource: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
  let documents = 0;
  let suggestions = 0;
  const writeBatch = (batch: readonly DocumentText[]) => {
    db.transaction(() => {
      const now = ctx.now();
      for (const document of batch) {
        for (const [source, n] of writeDocumentSuggestions(db, document, names, sources, now, tokens)) {
          perSource[source] = (perSource[source] ?? 0) + n;
          suggestions += n;
        }
      }
    }).immediate();
    documents += batch.length;
    control.progress({ done: documents, total, unit: 'items', phase: 'Suggesting' });
  };
  if (request.documentIds) {
    const missing = request.documentIds.filter((id) => !documentTextIn(db, project.id, id));
    if (missing.length > 0) {
      throw new WorkbenchError(
        'not_found',
        `No document ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''} in this project.`,
      );
    }
    for (let at = 0; at < request.documentIds.length; at += BATCH) {
      if (control.isCancelled()) throw cancelled();
      writeBatch(request.documentIds.slice(at, at + BATCH).map((id) => documentTextIn(db, project.id, id)!));
    }
  } else {
    let afterSeq = 0;
    for (;;) {
      if (control.isCancelled()) throw cancelled();
      const page = documentTextPage(db, project.id, afterSeq, BATCH);
      if (page.length === 0) break;
      writeBatch(page);
      afterSeq = page[page.length - 1]!.seq;
    }
  }
  return { documents, suggestions, perSource, sources: names };
}

function cancelled(): WorkbenchError {
  return new WorkbenchError('cancelled', 'The suggestion run was cancelled; documents finished before the cancel keep their new suggestions.');
}
