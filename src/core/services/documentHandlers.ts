import { WorkbenchError } from '../errors';
import { countDocumentsInView, listDocumentPage, locateDocument, statusCounts, type DocumentView } from '../store/documentList';
import { hasAssignments } from '../store/assignments';
import { searchDocuments, toFtsQuery } from '../store/documentSearch';
import { countDocuments, getDocument } from '../store/documents';
import { getDocumentStatusRow, setDocumentStatus } from '../store/documentStatus';
import type { MethodParsedInput } from '../../shared/contract/index';
import type { DocumentStatus } from '../../shared/contract/methods/documents';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';
import { localAnnotatorId, requireLocalAnnotatorId, requireProject } from './session';

type DocumentMethods = 'documents.list' | 'documents.get' | 'documents.locate' | 'documents.progress' | 'documents.setStatus' | 'documents.search';

/** The annotator whose queue the list is: the local annotator when the project assigns them documents (they opened a package), else nobody (the whole project). */
function queueOwner(ctx: ServiceContext, projectId: string, annotatorId: string | null): string | undefined {
  return annotatorId && hasAssignments(ctx.db, projectId, annotatorId) ? annotatorId : undefined;
}

/** Document list, reading, status and search. */
export function documentHandlers(ctx: ServiceContext): Pick<Handlers, DocumentMethods> {
  const viewOf = (input: MethodParsedInput<'documents.list'> | MethodParsedInput<'documents.locate'>): DocumentView => {
    requireProject(ctx, input.projectId);
    const annotatorId = localAnnotatorId(ctx);
    return {
      projectId: input.projectId,
      annotatorId,
      assignedTo: queueOwner(ctx, input.projectId, annotatorId),
      sort: input.sort,
      direction: input.direction,
      statuses: input.statuses,
      query: input.query,
    };
  };
  return {
    'documents.list': (input) => {
      const view = viewOf(input);
      // One read transaction, so the total and the page agree.
      return ctx.db.transaction(() => ({ total: countDocumentsInView(ctx.db, view), rows: listDocumentPage(ctx.db, view, input.offset, input.limit) }))();
    },
    'documents.locate': (input) => {
      const view = viewOf(input);
      return ctx.db.transaction(() => ({ index: locateDocument(ctx.db, view, input.documentId), total: countDocumentsInView(ctx.db, view) }))();
    },
    'documents.get': ({ id }) => {
      const document = getDocument(ctx.db, id, localAnnotatorId(ctx));
      if (!document) throw new WorkbenchError('not_found', `No document with id ${id}.`);
      return document;
    },
    'documents.progress': ({ projectId }) => {
      requireProject(ctx, projectId);
      return ctx.db.transaction(() => {
        const annotatorId = localAnnotatorId(ctx);
        const assignedTo = queueOwner(ctx, projectId, annotatorId);
        if (assignedTo) {
          // An assigned queue: every count is over the assigned documents only.
          const view: DocumentView = { projectId, annotatorId, assignedTo, sort: 'order', direction: 'asc' };
          const count = (status: DocumentStatus) => countDocumentsInView(ctx.db, { ...view, statuses: [status] });
          return {
            total: countDocumentsInView(ctx.db, view),
            todo: count('todo'),
            in_progress: count('in_progress'),
            done: count('done'),
            skipped: count('skipped'),
          };
        }
        const total = countDocuments(ctx.db, projectId);
        const counts = statusCounts(ctx.db, projectId, annotatorId);
        return { total, todo: total - counts.in_progress - counts.done - counts.skipped, ...counts };
      })();
    },
    'documents.setStatus': ({ documentId, status }) => {
      const annotatorId = requireLocalAnnotatorId(ctx);
      return ctx.db
        .transaction(() => {
          if (!getDocument(ctx.db, documentId, annotatorId)) throw new WorkbenchError('not_found', `No document with id ${documentId}.`);
          setDocumentStatus(ctx.db, documentId, annotatorId, status, ctx.now());
          const row = getDocumentStatusRow(ctx.db, documentId, annotatorId);
          if (!row) throw new Error(`the status of ${documentId} was not stored`);
          return { documentId, status: row.status, revision: row.revision };
        })
        .immediate();
    },
    'documents.search': ({ projectId, query, offset, limit }) => {
      requireProject(ctx, projectId);
      const match = toFtsQuery(query);
      if (!match) return { total: 0, hits: [] };
      return ctx.db.transaction(() => searchDocuments(ctx.db, projectId, match, offset, limit))();
    },
  };
}
