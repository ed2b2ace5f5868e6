import { isAppUrl } from './appOrigin';

/** Whether the window may navigate to a URL: only within the app itself. */
export function isAllowedNavigation(url: string, devServerUrl?: string): boolean {
  return isAppUrl(url, devServerUrl);
}

/** The answer to every `window.open`: no new windows, ever. */
export function windowOpenPolicy(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Whether the session may load a URL at all. The app is offline by design: only its own bundle
 * (and, in development, the dev server and devtools) may be requested.
 */
export function isAllowedRequest(url: string, devServerUrl?: string): boolean {
  if (isAppUrl(url, devServerUrl)) return true;
  if (devServerUrl) {
    try {
      const protocol = new URL(url).protocol;
      return protocol === 'devtools:' || (protocol === 'ws:' && new URL(url).host === new URL(devServerUrl).host);
    } catch {
      return false;
    }
  }
  return false;
}
