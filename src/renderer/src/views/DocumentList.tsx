import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DocumentSummary } from '../../../shared/contract/methods/documents';
import { call } from '../lib/api';

const PAGE_SIZE = 500;

export type DocumentListProps = {
  projectId: string;
  openId: string | null;
  onOpen: (id: string) => void;
  /** Changes whenever a status may have changed, to refresh the list. */
  refreshKey: number;
};

const STATUS_TEXT: Record<DocumentSummary['status'], string> = { todo: 'To do', in_progress: 'In progress', done: 'Done', skipped: 'Skipped' };

/** The project's documents with the annotator's status; arrow keys move, Enter opens. */
export function DocumentList({ projectId, openId, onOpen, refreshKey }: DocumentListProps) {
  const [rows, setRows] = useState<DocumentSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    let cancelled = false;
    call('documents.list', { projectId, offset: 0, limit: PAGE_SIZE }).then(
      (page) => {
        if (cancelled) return;
        setRows(page.rows);
        setTotal(page.total);
      },
      (caught: unknown) => !cancelled && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      cancelled = true;
    };
  }, [projectId, refreshKey]);

  useEffect(() => {
    const index = rows.findIndex((row) => row.id === openId);
    if (index >= 0) setActive(index);
  }, [openId, rows]);

  const handleKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const move = (to: number) => {
      event.preventDefault();
      const next = Math.max(0, Math.min(rows.length - 1, to));
      setActive(next);
      listRef.current?.querySelector(`[data-index="${next}"]`)?.scrollIntoView({ block: 'nearest' });
    };
    if (event.key === 'ArrowDown' || event.key === 'j') move(active + 1);
    else if (event.key === 'ArrowUp' || event.key === 'k') move(active - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(rows.length - 1);
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const row = rows[active];
      if (row) onOpen(row.id);
    }
  };

  const done = rows.filter((row) => row.status === 'done').length;
  return (
    <nav className="awb-doclist" aria-label="Documents">
      <div className="awb-doclist-head">
        <h2>Documents</h2>
        <span className="awb-muted">
          {done} of {total} done
        </span>
      </div>
      {error && (
        <p role="alert" className="awb-error">
          {error}
        </p>
      )}
      <ul
        ref={listRef}
        role="listbox"
        tabIndex={0}
        aria-label="Documents"
        aria-activedescendant={rows[active] ? `doc-${rows[active].id}` : undefined}
        onKeyDown={handleKeyDown}
      >
        {rows.map((row, index) => (
          <li
            key={row.id}
            id={`doc-${row.id}`}
            data-index={index}
            role="option"
            aria-selected={row.id === openId}
            className={`awb-docrow${index === active ? ' is-active' : ''}${row.id === openId ? ' is-open' : ''}`}
            onClick={() => {
              setActive(index);
              onOpen(row.id);
            }}
          >
            <span className="awb-docrow-title" dir="auto">
              {row.title}
            </span>
            <span className="awb-docrow-meta">
              <span>{row.source ?? 'Unknown source'}</span>
              {row.publishedAt && <span>{row.publishedAt}</span>}
              <span className={`awb-status awb-status-${row.status}`}>{STATUS_TEXT[row.status]}</span>
            </span>
          </li>
        ))}
      </ul>
    </nav>
  );
}
