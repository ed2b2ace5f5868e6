import { computeAgreement } from '../agreement/computeAgreement';
import { byDisagreement } from '../agreement/documentOrder';
import type { ServiceContext } from './context';
import type { Handlers } from './handlerTypes';

/**
 * Agreement between annotators. `agreement.compute` runs synchronously over the whole project
 * (about a second for 10,000 Latin-script articles); the dashboard issue is expected to move it
 * into a job with progress and cancellation.
 */
export function agreementHandlers(ctx: ServiceContext): Pick<Handlers, 'agreement.compute'> {
  return {
    'agreement.compute': ({ documentLimit, ...request }) => {
      const summary = computeAgreement(ctx.db, request);
      const rows = byDisagreement(summary.perDocument);
      return { ...summary, perDocument: rows.slice(0, documentLimit), perDocumentTotal: rows.length };
    },
  };
}
