import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The address of the Team view. */
export const TEAM_ROUTE = '#/team';

/** Whether the address shows the Team view (`#/team`). */
export function useIsTeamRoute(): boolean {
  return useSyncExternalStore(subscribe, () => window.location.hash === TEAM_ROUTE);
}
