import { useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The address of the agreement dashboard. */
export const AGREEMENT_ROUTE = '#/agreement';

/** The address of one document's compare and adjudication view. */
export const compareRoute = (documentId: string) => `#/agreement/doc/${documentId}`;

export type AgreementRoute = { view: 'dashboard' } | { view: 'compare'; documentId: string } | null;

/** Which agreement view the address shows (`#/agreement`, `#/agreement/doc/<id>`), or null for another view. */
export function useAgreementRoute(): AgreementRoute {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  if (hash === AGREEMENT_ROUTE) return { view: 'dashboard' };
  const match = /^#\/agreement\/doc\/([A-Za-z0-9_-]+)$/.exec(hash);
  return match?.[1] ? { view: 'compare', documentId: match[1] } : null;
}

const RUN_KEY = 'awb.agreement.run';

/** The agreement run the dashboard shows, kept for the session so the compare view and a reload use the same one. */
export const currentRun = {
  get: (): string | null => window.sessionStorage.getItem(RUN_KEY),
  set: (runId: string | null) => (runId === null ? window.sessionStorage.removeItem(RUN_KEY) : window.sessionStorage.setItem(RUN_KEY, runId)),
};
