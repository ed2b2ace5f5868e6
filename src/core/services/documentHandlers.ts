import { WorkbenchError } from '../errors';
import { countDocuments, getDocument, listDocumentSummaries } from '../store/documents';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';
import { localAnnotatorId, requireProject } from './session';

/** Document list and document reading. */
export function documentHandlers(ctx: ServiceContext): Pick<Handlers, 'documents.list' | 'documents.get'> {
  return {
    'documents.list': ({ projectId, offset, limit }) => {
      requireProject(ctx, projectId);
      const annotatorId = localAnnotatorId(ctx);
      return ctx.db.transaction(() => ({
        total: countDocuments(ctx.db, projectId),
        rows: listDocumentSummaries(ctx.db, projectId, annotatorId, offset, limit),
      }))();
    },
    'documents.get': ({ id }) => {
      const document = getDocument(ctx.db, id, localAnnotatorId(ctx));
      if (!document) throw new WorkbenchError('not_found', `No document with id ${id}.`);
      return document;
    },
  };
}
