import { forwardRef, useEffect, useState, type KeyboardEvent } from 'react';
import type { SearchHit } from '../../../shared/contract/methods/documents';
import { call } from '../lib/api';
import { errorMessage } from '../lib/errorMessage';

export type CorpusSearchProps = {
  projectId: string;
  /** Opens a hit's document scrolled to the hit. */
  onOpenHit: (hit: SearchHit, query: string) => void;
  /** Whether results are showing (the document list hides meanwhile). */
  onActiveChange: (active: boolean) => void;
};

type Results = { query: string; total: number; hits: SearchHit[] };

/**
 * Full-text search over every document (SQLite FTS5). Typing pauses, then the best matches show
 * with a snippet; arrow keys move, Enter opens the document at the hit, Esc returns to the list.
 */
export const CorpusSearch = forwardRef<HTMLInputElement, CorpusSearchProps>(function CorpusSearch({ projectId, onOpenHit, onActiveChange }, ref) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const trimmed = query.trim();
    onActiveChange(trimmed !== '');
    if (trimmed === '') {
      setResults(null);
      return undefined;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      call('documents.search', { projectId, query: trimmed, limit: 50 }).then(
        (value) => {
          if (cancelled) return;
          setResults({ query: trimmed, ...value });
          setActive(0);
          setError(null);
        },
        (caught: unknown) => !cancelled && setError(errorMessage(caught)),
      );
    }, 250);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [query, projectId, onActiveChange]);

  const open = (hit: SearchHit | undefined) => {
    if (hit && results) onOpenHit(hit, results.query);
  };

  const handleKeyDown = (event: KeyboardEvent) => {
    const hits = results?.hits ?? [];
    if (event.key === 'ArrowDown') setActive((current) => Math.min(hits.length - 1, current + 1));
    else if (event.key === 'ArrowUp') setActive((current) => Math.max(0, current - 1));
    else if (event.key === 'Enter') open(hits[active]);
    else if (event.key === 'Escape') setQuery('');
    else return;
    event.preventDefault();
  };

  return (
    <div className="awb-search" onKeyDown={handleKeyDown}>
      <input
        ref={ref}
        type="search"
        aria-label="Search all documents"
        placeholder="Search all texts (Ctrl+Shift+F)"
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        aria-controls="search-results"
        aria-activedescendant={results?.hits[active] ? `hit-${active}` : undefined}
      />
      {error && (
        <p role="alert" className="awb-error">
          {error}
        </p>
      )}
      {results && (
        <div className="awb-search-results">
          <p className="awb-muted" role="status" data-testid="search-count">
            {results.total === 0 ? 'No document matches.' : `${results.total.toLocaleString()} document${results.total === 1 ? '' : 's'} match`}
            {results.total > results.hits.length ? ` (best ${results.hits.length} shown)` : ''}
          </p>
          <ul id="search-results" role="listbox" aria-label="Search results">
            {results.hits.map((hit, index) => (
              <li
                key={hit.documentId}
                id={`hit-${index}`}
                role="option"
                aria-selected={index === active}
                className={`awb-hit${index === active ? ' is-active' : ''}`}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => open(hit)}
              >
                <span className="awb-docrow-title" dir="auto">
                  {hit.title}
                </span>
                <span className="awb-hit-snippet" dir="auto">
                  {hit.snippet.map((part, partIndex) => (part.hit ? <mark key={partIndex}>{part.text}</mark> : <span key={partIndex}>{part.text}</span>))}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
});
