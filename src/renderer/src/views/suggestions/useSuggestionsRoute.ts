import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The address of the Suggestions view (gazetteers, suggestion runs, the per-source report). */
export const SUGGESTIONS_ROUTE = '#/suggestions';

/** Whether the address shows the Suggestions view. */
export function useIsSuggestionsRoute(): boolean {
  return useSyncExternalStore(subscribe, () => window.location.hash === SUGGESTIONS_ROUTE);
}
