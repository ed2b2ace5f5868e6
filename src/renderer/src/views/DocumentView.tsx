import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { DocumentRecord, DocumentStatus } from '../../../shared/contract/methods/documents';
import type { HistoryStatus } from '../../../shared/contract/methods/history';
import type { LabelDef, LabelSchema } from '../../../shared/domain/labelSchema';
import { OffsetMap } from '../../../shared/text/offsetMap';
import type { Suggestion } from '../../../shared/contract/methods/suggestions';
import { AnnotationEditor, type AnnotationEditorHandle, type EditorCommands } from '../editor/AnnotationEditor';
import { documentStep, isDone, isFind, isRedo, isSkip, isUndo } from '../editor/keys';
import { fromCompact, SpanStore, type SpanSummary } from '../editor/spanStore';
import { afterPaint } from '../lib/afterPaint';
import { call } from '../lib/api';
import { SpanEditing, type PendingOverlap } from '../lib/spanEditing';
import { AttributesPanel } from './AttributesPanel';
import { FindBar } from './FindBar';
import { GuidelinesPanel } from './GuidelinesPanel';
import type { SaveState } from './SaveIndicator';
import { errorMessage } from '../lib/errorMessage';
import { OccurrencePreview, type OccurrencesState } from './OccurrencePreview';
import { SuggestionBar } from './SuggestionBar';

/** Whether two lists offer the same suggestions (then nothing is redrawn). */
function sameSuggestions(a: readonly Suggestion[], b: readonly Suggestion[]): boolean {
  return a.length === b.length && a.every((suggestion, index) => suggestion.id === b[index]?.id && suggestion.label === b[index].label);
}

/** How long after the last span change the suggestions are worked out again (propagation follows new spans). */
const SUGGEST_DELAY_MS = 300;

/** Where to show the document when it opens: a corpus search hit. */
export type Reveal = { offset: number; query: string };

export type DocumentViewProps = {
  documentId: string;
  schema: LabelSchema;
  reveal: Reveal | null;
  onSaveState: (state: SaveState) => void;
  /** The document's status may have changed (list and progress should refresh). */
  onChanged: () => void;
  /** Sets the status (and moves on to the next document); resolves once it is saved. */
  onSetStatus: (status: DocumentStatus) => Promise<void>;
  onStepDocument: (direction: 1 | -1) => void;
};

const STATUS_TEXT: Record<DocumentStatus, string> = { todo: 'To do', in_progress: 'In progress', done: 'Done', skipped: 'Skipped' };

/**
 * The store's summary for React, updated just after the frame that shows a change: the span is
 * drawn first, the counts and the side panel follow, and a burst of changes renders once.
 */
function useAfterPaintSummary(store: SpanStore): SpanSummary {
  const [summary, setSummary] = useState(store.getSummary);
  useEffect(() => {
    let scheduled = false;
    setSummary(store.getSummary());
    return store.subscribeSummary(() => {
      if (scheduled) return;
      scheduled = true;
      afterPaint(() => {
        scheduled = false;
        setSummary(store.getSummary());
      });
    });
  }, [store]);
  return summary;
}

/** The first word of a search query, which the find bar highlights in the opened document. */
function firstWord(query: string): string {
  return (
    query
      .trim()
      .split(/\s+/u)[0]
      ?.replace(/^["'“]+|["'”*]+$/gu, '') ?? ''
  );
}

/** True when a key event belongs to a form field (its own undo, typing and Enter). */
function inFormField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.matches('input, textarea, select');
}

/** One document: its text with spans, the label toolbar, find, the attributes of the selected span and the guidelines. */
export function DocumentView({ documentId, schema, reveal, onSaveState, onChanged, onSetStatus, onStepDocument }: DocumentViewProps) {
  const [document, setDocument] = useState<DocumentRecord | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState<PendingOverlap | null>(null);
  const [history, setHistory] = useState<HistoryStatus>({ canUndo: false, canRedo: false, undoDescription: null, redoDescription: null });
  const [sticky, setSticky] = useState<LabelDef | null>(null);
  const [charMode, setCharMode] = useState(false);
  const [findOpen, setFindOpen] = useState(false);
  const [applied, setApplied] = useState<{ label: string; at: number } | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [occurrences, setOccurrences] = useState<OccurrencesState | null>(null);
  const editorRef = useRef<AnnotationEditorHandle>(null);
  const panelRef = useRef<HTMLElement>(null);
  const store = useMemo(() => new SpanStore(schema), [schema]);
  const summary = useAfterPaintSummary(store);
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  // One controller per loaded document (not per status change of it).
  const loadedId = document?.id ?? null;
  const startedRef = useRef(false);
  startedRef.current = document ? document.status !== 'todo' : false;
  const editing = useMemo(() => {
    if (!loadedId) return null;
    return new SpanEditing(
      loadedId,
      store,
      {
        saveState: onSaveState,
        message: setMessage,
        pendingOverlap: setPending,
        history: setHistory,
        touched: (span, labelApplied) => {
          if (labelApplied) {
            const at = Date.now();
            afterPaint(() => setApplied({ label: span.label, at }));
          }
        },
        statusMayHaveChanged: () => {
          setDocument((current) => (current && current.status === 'todo' ? { ...current, status: 'in_progress' } : current));
          onChanged();
        },
      },
      startedRef.current,
    );
  }, [loadedId, store, onSaveState, onChanged]);

  useEffect(() => () => editing?.dispose(), [editing]);

  useEffect(() => {
    let cancelled = false;
    setDocument(null);
    setLoadError(null);
    Promise.all([call('documents.get', { id: documentId }), call('annotations.listCompact', { documentId }), call('history.status', { documentId })]).then(
      ([loaded, compact, status]) => {
        if (cancelled) return;
        store.reset(fromCompact(compact.spans, new OffsetMap(loaded.text)));
        setHistory(status);
        setDocument(loaded);
      },
      (caught: unknown) => !cancelled && setLoadError(errorMessage(caught)),
    );
    return () => {
      cancelled = true;
    };
  }, [documentId, store]);

  // Once per opened document, not on every change to it: a status change (the first span makes it
  // "in progress") must not refocus the text while the annotator is selecting in it.
  useEffect(() => {
    if (!loadedId) return;
    editorRef.current?.focus();
    if (reveal) setFindOpen(true);
  }, [loadedId, reveal]);

  // Suggestions are worked out when the document opens and again shortly after its spans change
  // (a new span propagates to its other occurrences; an accepted or undone one leaves or returns).
  const suggestVersion = useRef(0);
  const refreshSuggestions = useCallback(() => {
    const version = ++suggestVersion.current;
    call('suggestions.generate', { documentId }).then(
      (result) =>
        version === suggestVersion.current && setSuggestions((current) => (sameSuggestions(current, result.suggestions) ? current : result.suggestions)),
      (caught: unknown) => version === suggestVersion.current && setMessage(`Suggestions are unavailable: ${errorMessage(caught)}`),
    );
  }, [documentId]);
  const loaded = document !== null;
  useEffect(() => {
    setSuggestions([]);
    setOccurrences(null);
  }, [documentId]);
  useEffect(() => {
    if (!loaded) return undefined;
    const timer = window.setTimeout(refreshSuggestions, SUGGEST_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [loaded, summary.count, refreshSuggestions]);

  const commands = useMemo<EditorCommands>(
    () => ({
      label: async (label, range) => {
        if (!editing) return false;
        if (range) return editing.create(label.name, range.start, range.end);
        return editing.updateSelected((span) => {
          if (span.label !== label.name) return { label: label.name };
          setApplied({ label: label.name, at: Date.now() });
          return `“${span.quote}” is already ${label.name}.`;
        });
      },
      deleteSelected: () => void editing?.removeSelected(),
      resizeSelected: (compute) => void editing?.updateSelected(compute),
      confirmPending: () => {
        const current = pendingRef.current;
        if (!current || !editing) return false;
        void editing.replace(current);
        return true;
      },
      cancelPending: () => {
        if (!pendingRef.current) return false;
        setPending(null);
        return true;
      },
      focusAttributes: () => panelRef.current?.querySelector<HTMLElement>('.awb-attributes select, .awb-attributes input')?.focus(),
      toggleSticky: (label) => setSticky((current) => (current?.name === label.name ? null : label)),
      toggleCharMode: () => setCharMode((current) => !current),
      message: setMessage,
      busy: () => editing?.busy ?? false,
      afterWrites: (action) => (editing ? editing.afterWrites(action) : action()),
      acceptSuggestions: (which) => {
        void editing?.acceptSuggestions(which, (result) => {
          const taken = new Set(result.accepted);
          setSuggestions((current) => current.filter((suggestion) => !taken.has(suggestion.id)));
          const first = result.skipped[0];
          if (first)
            afterPaint(() => setMessage(`${result.skipped.length} suggestion${result.skipped.length === 1 ? '' : 's'} left as they were: ${first.reason}.`));
          else if ('range' in which)
            afterPaint(() => setMessage(`Accepted ${result.accepted.length} suggestion${result.accepted.length === 1 ? '' : 's'} in view.`));
        });
      },
      rejectSuggestions: (which) => {
        call('suggestions.reject', { documentId, ...which }).then(
          (result) => {
            const rejected = new Set(result.rejected);
            setSuggestions((current) => current.filter((suggestion) => !rejected.has(suggestion.id)));
            if ('range' in which) setMessage(`Rejected ${result.rejected.length} suggestion${result.rejected.length === 1 ? '' : 's'} in view.`);
          },
          (caught: unknown) => setMessage(errorMessage(caught)),
        );
      },
      labelEveryOccurrence: () => {
        const span = store.selected;
        if (!span) {
          setMessage('Select a span first (Tab), then press * to label every occurrence of it.');
          return;
        }
        call('suggestions.occurrences', { annotationId: span.id }).then(
          (result) => setOccurrences({ annotationId: span.id, ...result }),
          (caught: unknown) => setMessage(errorMessage(caught)),
        );
      },
    }),
    [editing, documentId, store],
  );

  const setStatus = useCallback(
    (status: DocumentStatus) =>
      void onSetStatus(status).then(
        () => setDocument((current) => (current ? { ...current, status } : current)),
        (caught: unknown) => setMessage(errorMessage(caught)),
      ),
    [onSetStatus],
  );

  const undo = useCallback(() => void editing?.undo(), [editing]);
  const redo = useCallback(() => void editing?.redo(), [editing]);

  useEffect(() => {
    const handleKeyDown = (event: KeyboardEvent) => {
      if (isFind(event)) {
        event.preventDefault();
        setFindOpen(true);
        window.setTimeout(() => globalThis.document.getElementById('find-input')?.focus(), 0);
        return;
      }
      if (isDone(event) || isSkip(event)) {
        event.preventDefault();
        setStatus(isDone(event) ? 'done' : 'skipped');
        return;
      }
      if (inFormField(event.target)) return;
      const step = documentStep(event);
      if (step !== 0) {
        event.preventDefault();
        onStepDocument(step);
      } else if (isUndo(event)) {
        event.preventDefault();
        undo();
      } else if (isRedo(event)) {
        event.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', handleKeyDown);
    return () => window.removeEventListener('keydown', handleKeyDown);
  }, [undo, redo, setStatus, onStepDocument]);

  if (loadError) {
    return (
      <p role="alert" className="awb-error">
        {loadError}
      </p>
    );
  }
  if (!document || !editing) return <p className="awb-muted awb-loading">Loading…</p>;

  const selected = summary.selected;
  // The selected span's label definition sits above its attributes; it flashes when a label is applied.
  const selectedLabel = selected ? schema.labels.find((label) => label.name === selected.label) : undefined;

  return (
    <div className="awb-docview">
      <article className="awb-document" aria-labelledby="document-title">
        <header className="awb-document-head">
          <div className="awb-document-title">
            <h1 id="document-title" dir="auto">
              {document.title}
            </h1>
            <p className="awb-muted">
              {[document.source, document.publishedAt, `${document.charCount.toLocaleString()} characters`, `${summary.count.toLocaleString()} spans`]
                .filter(Boolean)
                .join(' · ')}
              {summary.incomplete > 0 && (
                <button type="button" className="awb-linkish awb-incomplete-count" onClick={() => editorRef.current?.selectNeighbour(1, true)}>
                  {summary.incomplete === 1 ? '1 span lacks' : `${summary.incomplete} spans lack`} a required attribute (F8)
                </button>
              )}
            </p>
          </div>
          <div className="awb-document-actions" role="toolbar" aria-label="Document">
            <button type="button" onClick={() => onStepDocument(-1)} title="Previous document (Alt+↑)">
              ↑ Previous
            </button>
            <button type="button" onClick={() => onStepDocument(1)} title="Next document (Alt+↓)">
              Next ↓
            </button>
            <button type="button" onClick={() => setStatus('skipped')} title="Mark skipped and open the next (Ctrl+Shift+Enter)">
              Skip
            </button>
            <button type="button" className="awb-primary" onClick={() => setStatus('done')} title="Mark done and open the next (Ctrl+Enter)">
              Done ✓
            </button>
            <span className={`awb-status awb-status-${document.status}`} data-testid="document-status">
              {STATUS_TEXT[document.status]}
            </span>
          </div>
        </header>
        <div className="awb-toolbar">
          <div className="awb-legend" role="toolbar" aria-label="Labels">
            {schema.labels.map((label, index) => (
              <button
                key={label.name}
                type="button"
                className={`awb-legend-item awb-label-${index}${sticky?.name === label.name ? ' is-sticky' : ''}`}
                title={`${label.description}\n\nKey ${index + 1} or ${label.key}; Shift+${label.key} makes it sticky.`}
                aria-pressed={sticky?.name === label.name}
                onMouseDown={(event) => event.preventDefault()}
                onClick={(event) => (event.shiftKey ? commands.toggleSticky(label) : editorRef.current?.applyLabel(label))}
              >
                <kbd>{index + 1}</kbd>
                <kbd>{label.key}</kbd> {label.name}
              </button>
            ))}
          </div>
          <div className="awb-modes">
            <button
              type="button"
              aria-pressed={charMode}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => setCharMode((current) => !current)}
              title="Select by character instead of whole words (` key; or hold Alt while dragging)"
            >
              {charMode ? 'By character' : 'By word'} <kbd>`</kbd>
            </button>
            <button
              type="button"
              disabled={!history.canUndo}
              onClick={undo}
              title={history.undoDescription ? `Undo: ${history.undoDescription} (Ctrl+Z)` : 'Undo (Ctrl+Z)'}
            >
              ↶ Undo
            </button>
            <button
              type="button"
              disabled={!history.canRedo}
              onClick={redo}
              title={history.redoDescription ? `Redo: ${history.redoDescription} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'}
            >
              ↷ Redo
            </button>
          </div>
        </div>
        {sticky && (
          <p className="awb-sticky" role="status">
            Sticky label <strong>{sticky.name}</strong>: every selection you make gets it.{' '}
            <button type="button" className="awb-linkish" onClick={() => setSticky(null)}>
              Stop (Shift+{sticky.key})
            </button>
          </p>
        )}
        {findOpen && (
          <FindBar
            editor={editorRef}
            initialQuery={reveal ? firstWord(reveal.query) : ''}
            near={reveal?.offset}
            onClose={() => {
              setFindOpen(false);
              editorRef.current?.clearFind();
              editorRef.current?.focus();
            }}
          />
        )}
        {pending && (
          <div role="alert" className="awb-message awb-overlap">
            <span>{pending.message}</span>
            <button type="button" className="awb-primary" onClick={() => commands.confirmPending()}>
              Replace it (Enter)
            </button>
            <button type="button" onClick={() => commands.cancelPending()}>
              Keep it (Esc)
            </button>
          </div>
        )}
        {message && !pending && (
          <p role="alert" className="awb-message">
            {message}
          </p>
        )}
        {occurrences && (
          <OccurrencePreview
            state={occurrences}
            onConfirm={(ranges) => {
              setOccurrences(null);
              void editing.labelOccurrences(occurrences.annotationId, ranges);
              editorRef.current?.focus();
            }}
            onCancel={() => {
              setOccurrences(null);
              editorRef.current?.focus();
            }}
          />
        )}
        <SuggestionBar
          count={suggestions.length}
          onAcceptInView={() => editorRef.current && commands.acceptSuggestions({ range: editorRef.current.visibleRange() })}
          onRejectInView={() => editorRef.current && commands.rejectSuggestions({ range: editorRef.current.visibleRange() })}
        />
        <AnnotationEditor
          ref={editorRef}
          text={document.text}
          schema={schema}
          store={store}
          sticky={sticky}
          charMode={charMode}
          commands={commands}
          suggestions={suggestions}
        />
      </article>
      <aside className="awb-side" aria-label="Span and guidelines" ref={panelRef}>
        {selectedLabel && (
          <section
            className={`awb-applied awb-label-${schema.labels.indexOf(selectedLabel)}${applied && applied.label === selectedLabel.name ? ' is-fresh' : ''}`}
            aria-live="polite"
            aria-label="Label definition"
            key={applied?.at ?? selectedLabel.name}
          >
            <h2>{selectedLabel.name}</h2>
            <p>{selectedLabel.description}</p>
          </section>
        )}
        <AttributesPanel
          key={selected?.id ?? 'none'}
          span={selected}
          schema={schema}
          isIncomplete={selected ? store.isIncomplete(selected) : false}
          onUpdate={(patch) => selected && void editing.update(selected.id, patch)}
          onDelete={() => selected && void editing.remove(selected.id)}
          onDone={() => editorRef.current?.focus()}
        />
        <GuidelinesPanel schema={schema} />
      </aside>
    </div>
  );
}
