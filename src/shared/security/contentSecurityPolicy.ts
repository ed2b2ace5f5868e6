/**
 * The renderer's Content Security Policy, one source for the Electron protocol handler, the HTTP
 * host and the `<meta>` tag in index.html: only the app's own scripts, styles and images, no
 * inline script, no plugins, no network beyond the app's own origin (the HTTP host's API).
 */
const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
];

/** For the `<meta http-equiv>` tag (`frame-ancestors` is ignored there, so it is left out). */
export const CONTENT_SECURITY_POLICY_META = DIRECTIVES.join('; ');

/** For HTTP response headers, where `frame-ancestors` also works. */
export const CONTENT_SECURITY_POLICY = [...DIRECTIVES, "frame-ancestors 'none'"].join('; ');
