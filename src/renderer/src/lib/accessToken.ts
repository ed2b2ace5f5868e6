const STORAGE_KEY = 'awb.accessToken';

/**
 * The HTTP host's per-launch token. It arrives once in the address fragment (`#token=…`, never
 * sent to any server), is kept for this tab in sessionStorage so reloads work, and is removed from
 * the address bar at once.
 */
export function captureAccessToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(STORAGE_KEY, match[1]);
    // "#token=T&/doc/X" and "#/doc/X&token=T" both leave "#/doc/X".
    const rest = window.location.hash
      .replace(/(^#|&)token=[A-Za-z0-9_-]+/, '$1')
      .replace(/^#&/, '#')
      .replace(/&$/, '');
    history.replaceState(null, '', window.location.pathname + window.location.search + (rest === '#' ? '' : rest));
  }
  return sessionStorage.getItem(STORAGE_KEY);
}

/** The token captured earlier in this tab, or null. */
export function accessToken(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}
