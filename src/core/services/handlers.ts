import { adjudicationHandlers } from './adjudicationHandlers';
import { agreementHandlers } from './agreementHandlers';
import { annotationHandlers } from './annotationHandlers';
import { appHandlers } from './appHandlers';
import type { ServiceContext } from './context';
import { documentHandlers } from './documentHandlers';
import { exportHandlers } from './exportHandlers';
import type { Handlers } from './handlerTypes';
import { importHandlers, jobHandlers, type HostServices } from './importHandlers';
import { storageHandlers } from './storageHandlers';
import { historyHandlers } from './historyHandlers';
import { teamHandlers } from './teamHandlers';
import { suggestionHandlers } from './suggestionHandlers';

/** Every contract method's implementation over one database. */
export function createHandlers(ctx: ServiceContext, host: HostServices): Handlers {
  return {
    ...appHandlers(ctx),
    ...documentHandlers(ctx),
    ...annotationHandlers(ctx),
    ...importHandlers(ctx, host),
    ...jobHandlers(host),
    ...storageHandlers(ctx.storage),
    ...historyHandlers(ctx),
    ...exportHandlers(ctx, host),
    ...agreementHandlers(ctx, host),
    ...adjudicationHandlers(ctx, host),
    ...teamHandlers(ctx, host),
    ...suggestionHandlers(ctx, host),
  };
}
