import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DocumentSort, DocumentStatus, DocumentSummary } from '../../../shared/contract/methods/documents';
import { call } from '../lib/api';
import { usePagedDocuments, type ListView } from '../lib/usePagedDocuments';

export type DocumentListProps = {
  projectId: string;
  view: ListView;
  onViewChange: (view: ListView) => void;
  openId: string | null;
  onOpen: (id: string) => void;
  /** Changes whenever a status may have changed, to refresh the rows. */
  refreshKey: number;
};

export const STATUS_TEXT: Record<DocumentStatus, string> = { todo: 'To do', in_progress: 'In progress', done: 'Done', skipped: 'Skipped' };

const ROW_HEIGHT = 58;

const STATUS_FILTERS: { id: string; text: string; statuses: DocumentStatus[] | undefined }[] = [
  { id: 'all', text: 'All statuses', statuses: undefined },
  { id: 'open', text: 'Not finished', statuses: ['todo', 'in_progress'] },
  { id: 'todo', text: 'To do', statuses: ['todo'] },
  { id: 'in_progress', text: 'In progress', statuses: ['in_progress'] },
  { id: 'done', text: 'Done', statuses: ['done'] },
  { id: 'skipped', text: 'Skipped', statuses: ['skipped'] },
];

const SORTS: { id: DocumentSort; text: string }[] = [
  { id: 'order', text: 'Import order' },
  { id: 'title', text: 'Title' },
  { id: 'date', text: 'Date' },
  { id: 'source', text: 'Source' },
  { id: 'status', text: 'Status' },
];

/** The keys the list acts on (see {@link DocumentList}). */
const LIST_KEYS = new Set(['ArrowDown', 'j', 'ArrowUp', 'k', 'PageDown', 'PageUp', 'Home', 'End', 'Enter', ' ']);

/**
 * The project's documents as a virtual list: only the rows on screen exist in the DOM, and rows
 * come from SQLite a page at a time, so 100,000 documents scroll as fast as ten. Arrow keys (or
 * j/k), Page Up/Down, Home/End move; Enter opens.
 */
export function DocumentList({ projectId, view, onViewChange, openId, onOpen, refreshKey }: DocumentListProps) {
  const { total, rowAt, error } = usePagedDocuments(projectId, view, refreshKey);
  const [active, setActive] = useState(0);
  const activeRef = useRef(active);
  activeRef.current = active;
  const userMoves = useRef(0);
  const [filterText, setFilterText] = useState(view.query ?? '');
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });

  // Typing in the filter waits for a pause before asking SQLite.
  useEffect(() => {
    if ((view.query ?? '') === filterText) return undefined;
    const timer = setTimeout(() => onViewChange({ ...view, query: filterText === '' ? undefined : filterText }), 250);
    return () => clearTimeout(timer);
  }, [filterText, view, onViewChange]);

  // A new filter or order starts at its first row, unless the open document is in it (below).
  const viewKey = JSON.stringify(view);
  useEffect(() => {
    activeRef.current = 0;
    setActive(0);
  }, [viewKey]);

  // Keep the open document in view and active, wherever the current order puts it, unless the
  // user moved meanwhile (keys pressed while the list loaded).
  useEffect(() => {
    if (!openId) return undefined;
    let cancelled = false;
    const movesBefore = userMoves.current;
    call('documents.locate', { projectId, ...view, documentId: openId }).then(
      ({ index }) => {
        if (cancelled || index === null || userMoves.current !== movesBefore) return;
        setActive(index);
        virtualizer.scrollToIndex(index, { align: 'auto' });
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
    // The virtualizer object is stable for the component's life.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [openId, projectId, view]);

  // Keys pressed before the first page arrived, replayed once it has; and a row asked to open
  // before its page arrived, opened once it has. Nothing the user pressed is dropped.
  const earlyKeys = useRef<string[]>([]);
  const openWhenLoaded = useRef<number | null>(null);

  const move = (to: number) => {
    userMoves.current += 1;
    const next = Math.max(0, Math.min(count - 1, to));
    activeRef.current = next;
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const open = (index: number) => {
    const row = rowAt(index);
    if (row) onOpen(row.id);
    else openWhenLoaded.current = index;
  };

  const perform = (key: string) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const at = activeRef.current;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(at + 1),
      j: () => move(at + 1),
      ArrowUp: () => move(at - 1),
      k: () => move(at - 1),
      PageDown: () => move(at + page),
      PageUp: () => move(at - page),
      Home: () => move(0),
      End: () => move(count - 1),
      Enter: () => open(at),
      ' ': () => open(at),
    };
    keys[key]?.();
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || !LIST_KEYS.has(event.key)) return;
    event.preventDefault();
    if (total === null) earlyKeys.current.push(event.key);
    else perform(event.key);
  };

  // After every render (a page arrived, or the total): replay early keys, open a waiting row.
  useEffect(() => {
    if (total === null) return;
    if (total === 0) earlyKeys.current = [];
    for (const key of earlyKeys.current.splice(0)) perform(key);
    const waiting = openWhenLoaded.current;
    const row = waiting === null ? undefined : rowAt(waiting);
    if (row) {
      openWhenLoaded.current = null;
      onOpen(row.id);
    }
  });

  const statusFilter = STATUS_FILTERS.find((filter) => JSON.stringify(filter.statuses) === JSON.stringify(view.statuses)) ?? STATUS_FILTERS[0];
  const activeRow = count > 0 ? rowAt(active) : undefined;

  return (
    <div className="awb-doclist-body">
      <div className="awb-filters">
        <input
          type="search"
          aria-label="Filter documents by title or source"
          placeholder="Filter by title or source"
          value={filterText}
          onChange={(event) => setFilterText(event.target.value)}
        />
        <div className="awb-filter-row">
          <select
            aria-label="Status filter"
            value={statusFilter?.id}
            onChange={(event) => onViewChange({ ...view, statuses: STATUS_FILTERS.find((filter) => filter.id === event.target.value)?.statuses })}
          >
            {STATUS_FILTERS.map((filter) => (
              <option key={filter.id} value={filter.id}>
                {filter.text}
              </option>
            ))}
          </select>
          <select aria-label="Sort by" value={view.sort ?? 'order'} onChange={(event) => onViewChange({ ...view, sort: event.target.value as DocumentSort })}>
            {SORTS.map((sort) => (
              <option key={sort.id} value={sort.id}>
                {sort.text}
              </option>
            ))}
          </select>
          <button
            type="button"
            aria-label={view.direction === 'desc' ? 'Descending; switch to ascending' : 'Ascending; switch to descending'}
            title="Sort direction"
            onClick={() => onViewChange({ ...view, direction: view.direction === 'desc' ? 'asc' : 'desc' })}
          >
            {view.direction === 'desc' ? '↓' : '↑'}
          </button>
        </div>
        <span className="awb-muted awb-list-count" data-testid="list-count">
          {total === null ? 'Loading…' : `${count.toLocaleString()} document${count === 1 ? '' : 's'}`}
        </span>
      </div>
      {error && (
        <p role="alert" className="awb-error">
          {error}
        </p>
      )}
      <div
        ref={scrollRef}
        className="awb-doclist-scroll"
        role="listbox"
        tabIndex={0}
        aria-label="Documents"
        aria-activedescendant={activeRow ? `doc-${activeRow.id}` : undefined}
        onKeyDown={handleKeyDown}
      >
        <div className="awb-doclist-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rowAt(item.index);
            return (
              <DocumentRow
                key={item.key}
                index={item.index}
                top={item.start}
                row={row}
                active={item.index === active}
                open={row?.id === openId}
                onClick={() => {
                  setActive(item.index);
                  if (row) onOpen(row.id);
                }}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

type RowProps = { index: number; top: number; row: DocumentSummary | undefined; active: boolean; open: boolean; onClick: () => void };

function DocumentRow({ index, top, row, active, open, onClick }: RowProps) {
  // Rows are placed by transform (set through the DOM style object, which the CSP allows).
  const style = { transform: `translateY(${top}px)`, height: ROW_HEIGHT };
  if (!row) {
    return (
      <div className="awb-docrow is-loading" style={style} data-index={index} aria-hidden="true">
        <span className="awb-muted">Loading…</span>
      </div>
    );
  }
  return (
    <div
      id={`doc-${row.id}`}
      role="option"
      aria-selected={open}
      data-index={index}
      className={`awb-docrow${active ? ' is-active' : ''}${open ? ' is-open' : ''}`}
      style={style}
      onClick={onClick}
    >
      <span className="awb-docrow-title" dir="auto">
        {row.title}
      </span>
      <span className="awb-docrow-meta">
        <span dir="auto">{row.source ?? 'Unknown source'}</span>
        {row.publishedAt && <span>{row.publishedAt}</span>}
        <span className={`awb-status awb-status-${row.status}`}>{STATUS_TEXT[row.status]}</span>
      </span>
    </div>
  );
}
