import type { ErrorCode, MethodInput, MethodName, MethodOutput, Result } from '../../../shared/contract/index';
import { accessToken } from './accessToken';
import { SOCKET_PATH } from '../../../shared/contract/socket';
import { NO_ANSWER, SocketTransport } from './socketTransport';
import { reportStorageError } from './storageEvents';

/** A failed call, with the host's stable error code. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** Which host serves the contract in this window. */
export function hostKind(): 'electron' | 'http' {
  return window.workbench ? 'electron' : 'http';
}

/**
 * Calls a contract method: through the preload bridge in the desktop app, over the loopback
 * host's WebSocket in a browser (over HTTP until the socket is open). The only module in the renderer that talks to a host.
 */
export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const bridge = window.workbench;
  const result = bridge ? await (bridge[method] as (input: MethodInput<M>) => Promise<Result<MethodOutput<M>>>)(input) : await callOverHttp(method, input);
  if (!result.ok) {
    reportStorageError(result.error);
    throw new ApiError(result.error.code, result.error.message, result.error.details);
  }
  return result.value;
}

/** The browser host's socket, opened on the first call once the token is known. */
let socket: SocketTransport | null = null;

async function callOverHttp<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
  const token = accessToken();
  if (!token) {
    return { ok: false, error: { code: 'unauthorized', message: 'This page has no access token: open the address that "npm start" printed.' } };
  }
  socket ??= new SocketTransport(`ws://${window.location.host}${SOCKET_PATH}`, token);
  const overSocket = socket.send(method, input);
  if (overSocket) return (await overSocket) as Result<MethodOutput<M>>;
  let response: Response;
  try {
    response = await fetch(`/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(input),
    });
  } catch {
    return NO_ANSWER;
  }
  return (await response.json()) as Result<MethodOutput<M>>;
}
