import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The address of the Import view. */
export const IMPORT_ROUTE = '#/import';

/** Whether the address shows the Import view (`#/import`). */
export function useIsImportRoute(): boolean {
  return useSyncExternalStore(subscribe, () => window.location.hash === IMPORT_ROUTE);
}
