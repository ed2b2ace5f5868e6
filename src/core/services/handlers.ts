import { agreementHandlers } from './agreementHandlers';
import { annotationHandlers } from './annotationHandlers';
import { appHandlers } from './appHandlers';
import type { ServiceContext } from './context';
import { documentHandlers } from './documentHandlers';
import type { Handlers } from './handlerTypes';

/** Every contract method's implementation over one database. */
export function createHandlers(ctx: ServiceContext): Handlers {
  return {
    ...appHandlers(ctx),
    ...documentHandlers(ctx),
    ...annotationHandlers(ctx),
    ...agreementHandlers(ctx),
  };
}
