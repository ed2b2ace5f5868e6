import { useCallback, useEffect, useRef, useState } from 'react';
import type { DocumentStatus, SearchHit } from '../../../shared/contract/methods/documents';
import type { LabelSchema } from '../../../shared/domain/labelSchema';
import { isCorpusSearch } from '../editor/keys';
import { call } from '../lib/api';
import type { ListView } from '../lib/usePagedDocuments';
import { useOpenDocumentId } from '../lib/useHashRoute';
import { CorpusSearch } from './CorpusSearch';
import { DocumentList } from './DocumentList';
import { DocumentView, type Reveal } from './DocumentView';
import { ProgressBar, type Progress } from './ProgressBar';
import type { SaveState } from './SaveIndicator';

export type WorkspaceProps = { projectId: string; schema: LabelSchema; onSaveState: (state: SaveState) => void };

/** Focus regions F6 moves between, in order. */
const REGIONS = ['.awb-doclist-scroll', '.awb-editor', '.awb-side select, .awb-side input, .awb-side summary'];

/**
 * The annotator's day: the document list (filter, sort, progress, corpus search) beside the open
 * document. Owns the list's view so that next/previous and done/skip follow the order on screen.
 */
export function Workspace({ projectId, schema, onSaveState }: WorkspaceProps) {
  const [openId, openDocument] = useOpenDocumentId();
  const [view, setView] = useState<ListView>({ sort: 'order', direction: 'asc' });
  const [refreshKey, setRefreshKey] = useState(0);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [reveal, setReveal] = useState<(Reveal & { documentId: string; nonce: number }) | null>(null);
  const [searching, setSearching] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    let cancelled = false;
    call('documents.progress', { projectId }).then(
      (value) => !cancelled && setProgress(value),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [projectId, refreshKey]);

  const handleChanged = useCallback(() => setRefreshKey((key) => key + 1), []);

  const open = useCallback(
    (id: string) => {
      setReveal(null);
      openDocument(id);
    },
    [openDocument],
  );

  /** The document `direction` rows away from the open one in the list's current order, if any. */
  const neighbourOf = useCallback(
    async (documentId: string, direction: 1 | -1): Promise<string | null> => {
      const { index } = await call('documents.locate', { projectId, ...view, documentId });
      const target = (index ?? -1) + direction;
      if (index === null && direction < 0) return null;
      if (target < 0) return null;
      const page = await call('documents.list', { projectId, ...view, offset: target, limit: 1 });
      return page.rows[0]?.id ?? null;
    },
    [projectId, view],
  );

  const stepDocument = useCallback(
    (direction: 1 | -1) => {
      if (!openId) return;
      void neighbourOf(openId, direction).then((id) => id && open(id));
    },
    [openId, neighbourOf, open],
  );

  const setStatus = useCallback(
    async (status: DocumentStatus) => {
      if (!openId) return;
      // The next document is found before the status changes, so a filter that hides finished documents does not skip one.
      const next = await neighbourOf(openId, 1);
      await call('documents.setStatus', { documentId: openId, status });
      handleChanged();
      if (next) open(next);
    },
    [openId, neighbourOf, handleChanged, open],
  );

  const openHit = useCallback(
    (hit: SearchHit, query: string) => {
      setReveal({ documentId: hit.documentId, offset: hit.offset ?? 0, query, nonce: Date.now() });
      openDocument(hit.documentId);
    },
    [openDocument],
  );

  useEffect(() => {
    const handleKeyDown = (event: KeyboardEvent) => {
      if (isCorpusSearch(event)) {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      } else if (event.key === 'F6') {
        event.preventDefault();
        const targets = REGIONS.map((selector) => document.querySelector<HTMLElement>(selector)).filter((element): element is HTMLElement => element !== null);
        const current = targets.findIndex((element) => element.contains(document.activeElement) || element.parentElement?.contains(document.activeElement));
        const next = targets[(current + (event.shiftKey ? -1 : 1) + targets.length) % targets.length];
        next?.focus();
      }
    };
    window.addEventListener('keydown', handleKeyDown);
    return () => window.removeEventListener('keydown', handleKeyDown);
  }, []);

  const activeReveal = reveal && reveal.documentId === openId ? reveal : null;

  return (
    <div className="awb-workspace">
      <nav className="awb-doclist" aria-label="Documents">
        <div className="awb-doclist-head">
          <h2>Documents</h2>
        </div>
        <ProgressBar progress={progress} />
        <CorpusSearch ref={searchRef} projectId={projectId} onOpenHit={openHit} onActiveChange={setSearching} />
        <div className={searching ? 'awb-hidden' : 'awb-doclist-wrap'}>
          <DocumentList projectId={projectId} view={view} onViewChange={setView} openId={openId} onOpen={open} refreshKey={refreshKey} />
        </div>
      </nav>
      <main className="awb-main">
        {openId ? (
          <DocumentView
            key={`${openId}:${activeReveal?.nonce ?? 0}`}
            documentId={openId}
            schema={schema}
            reveal={activeReveal}
            onSaveState={onSaveState}
            onChanged={handleChanged}
            onSetStatus={setStatus}
            onStepDocument={stepDocument}
          />
        ) : (
          <div className="awb-empty">
            <h1>Pick a document</h1>
            <p className="awb-muted">
              Use the list on the left (arrow keys and Enter). In a document, select words and press 1–{schema.labels.length} or a label's letter.
            </p>
          </div>
        )}
      </main>
    </div>
  );
}
