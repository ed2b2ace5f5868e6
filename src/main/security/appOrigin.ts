/** The privileged scheme and host the packaged renderer is served from (never `file://`). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Whether a URL belongs to the app itself: the bundled renderer, or the electron-vite dev server
 * when one is running (development only).
 */
export function isAppUrl(url: string | undefined | null, devServerUrl?: string): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '') return true;
  if (devServerUrl) {
    const dev = new URL(devServerUrl);
    return parsed.protocol === dev.protocol && parsed.host === dev.host;
  }
  return false;
}
