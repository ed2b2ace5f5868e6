import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { LIMITS } from '../shared/contract/limits';
import { fail } from '../shared/contract/result';
import { CONTENT_SECURITY_POLICY } from '../shared/security/contentSecurityPolicy';
import type { FileHandleRegistry } from '../core/files/fileHandles';
import type { Dispatch } from '../core/services/dispatch';
import { bearerToken, httpStatusFor, isAllowedHost, isAllowedOrigin, tokenMatches } from './requestPolicy';
import { registerSocketRoute, registerSocketSupport } from './socketRoute';
import { registerUploadRoute } from './uploadRoute';

export type ServerOptions = {
  dispatch: Dispatch;
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The per-launch secret; a fresh random one unless a test passes its own. */
  token?: string;
  /** Where uploads (POST /upload) are registered; without it the server takes no uploads. */
  files?: FileHandleRegistry;
  /** Upload size cap in bytes (tests lower it). */
  uploadBytes?: number;
  /** How long a WebSocket may wait before sending the token (tests lower it). */
  socketHelloTimeoutMs?: number;
};

export type RunningServer = { url: string; port: number; token: string; app: FastifyInstance; close: () => Promise<void> };

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * Serves the contract as `POST /api/<method>` and over a WebSocket (`socketRoute.ts`), and the
 * built renderer, on 127.0.0.1 only. Every
 * request must name this server in its Host header (DNS rebinding) and, when it carries an
 * Origin, come from this server's origin; every API call must carry the launch token.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  if (!existsSync(join(options.rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (no ${join(options.rendererDir, 'index.html')}); run "npm run build" first.`);
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  const app = Fastify({ logger: false, bodyLimit: LIMITS.requestBodyBytes, onProtoPoisoning: 'error', onConstructorPoisoning: 'error' });
  let port = 0;
  await registerSocketSupport(app);

  app.addHook('onRequest', async (request, reply) => {
    if (!isAllowedHost(request.headers.host, port)) {
      return reply.code(403).headers(SECURITY_HEADERS).send(fail('forbidden', 'This server only answers requests addressed to 127.0.0.1 or localhost.'));
    }
    if (!isAllowedOrigin(request.headers.origin, port)) {
      return reply.code(403).headers(SECURITY_HEADERS).send(fail('forbidden', 'Requests from other origins are refused.'));
    }
    reply.headers(SECURITY_HEADERS);
    return undefined;
  });

  app.post<{ Params: { method: string } }>('/api/:method', async (request, reply) => {
    if (!tokenMatches(bearerToken(request.headers.authorization), token)) {
      return reply.code(401).send(fail('unauthorized', 'Missing or wrong access token: open the address the server printed.'));
    }
    const result = await options.dispatch(request.params.method, request.body ?? {});
    return reply.code(result.ok ? 200 : httpStatusFor(result.error.code)).send(result);
  });

  if (options.files) registerUploadRoute(app, options.files, token, options.uploadBytes);

  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    const code = status === 413 ? 'too_large' : status >= 500 ? 'internal' : 'invalid_input';
    return reply.code(status).headers(SECURITY_HEADERS).send(fail(code, error.message));
  });

  registerSocketRoute(app, options.dispatch, token, options.socketHelloTimeoutMs);

  // Only the files present at start-up are routed (wildcard off), so no request path can reach
  // anything outside the built renderer.
  await app.register(fastifyStatic, {
    root: options.rendererDir,
    wildcard: false,
    index: ['index.html'],
    dotfiles: 'deny',
    // A symbolic link inside the renderer folder must not lead out of it.
    allowedPath: (pathName: string) => isInsideFolder(join(options.rendererDir, pathName), options.rendererDir),
    setHeaders: (response, path) => {
      if (path.endsWith('.html')) response.header('cache-control', 'no-store');
    },
  });

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/`, port, token, app, close: () => app.close() };
}

/** Whether a path, after following symbolic links, lies inside a folder (false when it does not exist). */
export function isInsideFolder(path: string, folder: string): boolean {
  try {
    const inside = relative(realpathSync(folder), realpathSync(path));
    return !inside.startsWith('..') && !isAbsolute(inside);
  } catch {
    return false;
  }
}
