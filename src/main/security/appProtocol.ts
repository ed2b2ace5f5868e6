import { isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './appOrigin';

/**
 * Maps an `app://bundle/<path>` request to a file inside the renderer folder, or null when the
 * URL is foreign or its decoded path would leave the folder (`..`, `%2e%2e`, absolute paths,
 * backslashes, NUL).
 */
export function resolveAppAsset(requestUrl: string, rootDir: string): string | null {
  // The URL parser would quietly resolve dot segments; a request that contains any is refused
  // outright rather than served from wherever normalisation lands.
  if (hasDotSegment(requestUrl)) return null;
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..' || segment === '.')) return null;
  const target = resolve(rootDir, ...(segments.length === 0 ? ['index.html'] : segments));
  const inside = relative(rootDir, target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || inside.split(sep).includes('..')) return null;
  return target;
}

function hasDotSegment(rawUrl: string): boolean {
  const path = rawUrl.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').split(/[?#]/)[0] ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return true;
  }
  return [path, decoded].some((candidate) => candidate.split(/[/\\]/).some((segment) => segment === '..' || segment === '.'));
}
