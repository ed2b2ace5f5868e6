import { WorkbenchError } from '../errors';
import { deleteGazetteer, getGazetteer, listGazetteers } from '../store/gazetteers';
import { clearSourceSuggestions, documentTextIn, suggestionReport } from '../store/suggestions';
import { gazetteerSource } from '../suggestions/sources';
import { buildSources, resolveSourceNames, sourceChoices } from '../suggestions/suggestionSources';
import { writeDocumentSuggestions } from '../suggestions/writeSuggestions';
import { toContractAnnotation } from './annotationHandlers';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';
import type { HostServices } from './importHandlers';
import { activeProject, requireLocalAnnotatorId, requireProject } from './session';
import { openSpanScope } from './spanRules';
import { acceptSuggestions, labelOccurrences, listOffered, occurrencesOf, rejectSuggestions } from './suggestionActions';

type Methods =
  | 'gazetteers.list'
  | 'gazetteers.import'
  | 'gazetteers.remove'
  | 'suggestions.list'
  | 'suggestions.generate'
  | 'suggestions.accept'
  | 'suggestions.reject'
  | 'suggestions.occurrences'
  | 'suggestions.labelOccurrences'
  | 'suggestions.sources'
  | 'suggestions.start'
  | 'suggestions.report';

/** Gazetteers, suggestion runs, and the local annotator's answers to suggestions. */
export function suggestionHandlers(ctx: ServiceContext, host: HostServices): Pick<Handlers, Methods> {
  const project = (projectId: string | undefined) => (projectId ? requireProject(ctx, projectId) : activeProject(ctx));
  return {
    'gazetteers.list': ({ projectId }) => listGazetteers(ctx.db, project(projectId).id),

    'gazetteers.import': ({ handle, name, format, projectId }) => {
      const file = host.files.resolve(handle);
      if (host.files.kindOf(handle) === 'folder') throw new WorkbenchError('invalid_input', 'Choose a gazetteer file (.csv, .tsv or .jsonl), not a folder.');
      const status = host.jobs.start({ kind: 'gazetteer', input: { path: file.path, fileName: file.name, name, format, projectId: project(projectId).id } });
      return { jobId: status.id };
    },

    'gazetteers.remove': ({ id }) => {
      const gazetteer = getGazetteer(ctx.db, id);
      if (!gazetteer) return { removed: false, suggestionsRemoved: 0 };
      return ctx.db
        .transaction(() => {
          const suggestionsRemoved = clearSourceSuggestions(ctx.db, gazetteer.projectId, gazetteerSource(gazetteer.name));
          return { removed: deleteGazetteer(ctx.db, id), suggestionsRemoved };
        })
        .immediate();
    },

    'suggestions.list': ({ documentId }) => ({ suggestions: listOffered(ctx, openSpanScope(ctx, documentId, requireLocalAnnotatorId(ctx))) }),

    'suggestions.generate': ({ documentId, sources }) => {
      const scope = openSpanScope(ctx, documentId, requireLocalAnnotatorId(ctx));
      const owner = requireProject(ctx, scope.document.projectId);
      const names = resolveSourceNames(ctx.db, owner, sources);
      const built = buildSources(ctx.db, owner, names, true);
      const document = documentTextIn(ctx.db, owner.id, documentId);
      if (!document) throw new WorkbenchError('not_found', `No document with id ${documentId}.`);
      ctx.db.transaction(() => writeDocumentSuggestions(ctx.db, document, names, built, ctx.now())).immediate();
      return { suggestions: listOffered(ctx, scope) };
    },

    'suggestions.accept': ({ documentId, ids, range }) => {
      const result = acceptSuggestions(ctx, documentId, requireLocalAnnotatorId(ctx), { ids, range });
      return { ...result, created: result.created.map(toContractAnnotation) };
    },

    'suggestions.reject': ({ documentId, ids, range }) => ({ rejected: rejectSuggestions(ctx, documentId, requireLocalAnnotatorId(ctx), { ids, range }) }),

    'suggestions.occurrences': ({ annotationId }) => {
      const { span, occurrences } = occurrencesOf(ctx, annotationId, requireLocalAnnotatorId(ctx));
      return { label: span.label, quote: span.quote, occurrences };
    },

    'suggestions.labelOccurrences': ({ annotationId, ranges }) => {
      const result = labelOccurrences(ctx, annotationId, requireLocalAnnotatorId(ctx), ranges);
      return { created: result.created.map(toContractAnnotation), skipped: result.skipped };
    },

    'suggestions.sources': ({ projectId }) => sourceChoices(ctx.db, project(projectId)),

    'suggestions.start': ({ documentIds, sources, projectId }) => {
      const chosen = project(projectId);
      resolveSourceNames(ctx.db, chosen, sources);
      const status = host.jobs.start({ kind: 'suggest', input: { documentIds, sources, projectId: chosen.id } });
      return { jobId: status.id };
    },

    'suggestions.report': ({ projectId }) => ({ sources: suggestionReport(ctx.db, project(projectId).id) }),
  };
}
