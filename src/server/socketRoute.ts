import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { z } from 'zod';
import type { Dispatch } from '../core/services/dispatch';
import { LIMITS } from '../shared/contract/limits';
import { fail } from '../shared/contract/result';
import { SOCKET_CLOSE, SOCKET_HELLO_TIMEOUT_MS, SOCKET_PATH } from '../shared/contract/socket';
import { tokenMatches } from './requestPolicy';

const Hello = z.strictObject({ token: z.string().max(256) });
const Call = z.strictObject({
  id: z
    .number()
    .int()
    .nonnegative()
    .max(2 ** 31),
  method: z.string().max(100),
  input: z.unknown(),
});

/**
 * Adds WebSocket upgrades to the server. It must come before the server's own onRequest hook:
 * the plugin's hooks mark an upgrade request, and its onResponse hook then closes the socket of
 * an upgrade that hook refused (a foreign Origin), which would otherwise stay open.
 */
export async function registerSocketSupport(app: FastifyInstance): Promise<void> {
  await app.register(fastifyWebsocket, { options: { maxPayload: LIMITS.requestBodyBytes, perMessageDeflate: false } });
}

/**
 * The contract over one WebSocket, for the browser host: the same methods and envelopes as
 * `POST /api/<method>`, without a network request per call. In Chromium a call over loopback
 * HTTP costs several milliseconds in the browser's network stack; a message on an open socket
 * costs well under one, which puts a saved span within the frame after its key, as IPC does in
 * the desktop app.
 *
 * The upgrade passes the same Host and Origin checks as every request (the server's onRequest
 * hook). A browser cannot set headers on a socket, so the first message must be
 * `{"token": "<launch token>"}` within `helloTimeoutMs`; the server answers `{"ready": true}`, or
 * closes with 4401 (a socket that never sends it would otherwise stay open for good). Then
 * each `{"id": n, "method": "ns.verb", "input": {...}}` is answered `{"id": n, "result": <the
 * Result envelope>}`; anything else closes the socket with 4400.
 */
export function registerSocketRoute(app: FastifyInstance, dispatch: Dispatch, token: string, helloTimeoutMs = SOCKET_HELLO_TIMEOUT_MS): void {
  app.get(SOCKET_PATH, { websocket: true }, (socket) => {
    let authorized = false;
    const silent = setTimeout(() => socket.close(SOCKET_CLOSE.unauthorized, 'No access token was sent'), helloTimeoutMs);
    socket.on('close', () => clearTimeout(silent));
    socket.on('message', (data, isBinary) => {
      // Messages already received when the socket was closed (a malformed one before them) are
      // not run: their answers could no longer be sent, so a write would happen unseen.
      if (socket.readyState !== socket.OPEN) return;
      const message = isBinary ? null : parseJson(data);
      if (!authorized) {
        const hello = Hello.safeParse(message);
        if (!hello.success || !tokenMatches(hello.data.token, token)) {
          socket.close(SOCKET_CLOSE.unauthorized, 'Missing or wrong access token');
          return;
        }
        authorized = true;
        clearTimeout(silent);
        socket.send(JSON.stringify({ ready: true }));
        return;
      }
      const parsed = Call.safeParse(message);
      if (!parsed.success) {
        socket.close(SOCKET_CLOSE.badMessage, 'Expected {"id", "method", "input"}');
        return;
      }
      const { id, method, input } = parsed.data;
      void answer(socket, id, () => dispatch(method, input ?? {}));
    });
  });
}

async function answer(socket: WebSocket, id: number, run: () => ReturnType<Dispatch>): Promise<void> {
  let result: Awaited<ReturnType<Dispatch>>;
  try {
    result = await run();
  } catch (error) {
    // dispatch turns every failure into an envelope; this is the last line of defence.
    result = fail('internal', error instanceof Error ? error.message : String(error));
  }
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id, result }));
}

function parseJson(data: RawData): unknown {
  const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
}
