import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The address of the Export view. */
export const EXPORT_ROUTE = '#/export';

/** Whether the address shows the Export view (`#/export`). */
export function useIsExportRoute(): boolean {
  return useSyncExternalStore(subscribe, () => window.location.hash === EXPORT_ROUTE);
}
