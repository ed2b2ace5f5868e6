import { useCallback, useSyncExternalStore } from 'react';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The open document id from the address (`#/doc/<id>`), so a reload reopens it; and a way to change it. */
export function useOpenDocumentId(): [string | null, (id: string) => void] {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  const match = /^#\/doc\/([A-Za-z0-9_-]+)$/.exec(hash);
  const open = useCallback((id: string) => {
    window.location.hash = `#/doc/${id}`;
  }, []);
  return [match?.[1] ?? null, open];
}
