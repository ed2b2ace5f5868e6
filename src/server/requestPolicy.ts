import { timingSafeEqual } from 'node:crypto';

/**
 * Whether a Host header names this server exactly. A foreign Host means a DNS-rebinding page is
 * talking to us through a name it controls.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** Whether an Origin header (sent on cross-origin and POST requests) is this server's own. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(authorization ?? '');
  return match?.[1] ?? null;
}

/** Compares tokens in constant time, so response timing leaks nothing about the secret. */
export function tokenMatches(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** HTTP status for an error code, so curl users see something meaningful; the body says the rest. */
export function httpStatusFor(code: string): number {
  switch (code) {
    case 'invalid_input':
      return 400;
    case 'unauthorized':
      return 401;
    case 'forbidden':
      return 403;
    case 'unknown_method':
    case 'not_found':
      return 404;
    case 'conflict':
    case 'overlap':
      return 409;
    case 'too_large':
      return 413;
    case 'busy':
    case 'storage_full':
    case 'read_only':
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
    default:
      return 400;
  }
}
