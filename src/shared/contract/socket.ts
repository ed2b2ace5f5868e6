/**
 * The browser host's WebSocket for contract calls (src/server/socketRoute.ts serves it,
 * src/renderer/src/lib/socketTransport.ts uses it). The protocol is described in docs/architecture.md.
 */
export const SOCKET_PATH = '/api/socket';

/** Close codes (the 4000s are the application's own). */
export const SOCKET_CLOSE = { unauthorized: 4401, badMessage: 4400 } as const;

/** How long a socket may stay open without sending the launch token before it is closed (4401). */
export const SOCKET_HELLO_TIMEOUT_MS = 10_000;
