import type { Dispatch } from '../../core/services/dispatch';
import type { MethodName } from '../../shared/contract/index';
import { fail, type Result } from '../../shared/contract/result';
import { isAppUrl } from '../security/appOrigin';

/** The part of an IPC event the handler looks at. */
export type IpcEventLike = { senderFrame: { url: string } | null };

/**
 * The handler registered for one contract method: refuses senders other than the app's own
 * frame, then dispatches (which validates the input). Errors come back as data, not throws.
 */
export function createIpcHandler(dispatch: Dispatch, method: MethodName, devServerUrl?: string) {
  return async (event: IpcEventLike, input: unknown): Promise<Result<unknown>> => {
    if (!isAppUrl(event.senderFrame?.url, devServerUrl)) {
      return fail('forbidden', `${method}: refused a call from a frame that is not the app (${event.senderFrame?.url ?? 'no frame'}).`);
    }
    return dispatch(method, input);
  };
}
