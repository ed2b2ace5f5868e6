import { useCallback, useEffect, useRef, useState } from 'react';
import type { Annotation } from '../../../shared/contract/methods/annotations';
import type { DocumentRecord } from '../../../shared/contract/methods/documents';
import type { LabelSchema } from '../../../shared/domain/labelSchema';
import { AnnotationEditor, type AnnotationEditorHandle, type LabelRequest } from '../editor/AnnotationEditor';
import { ApiError, call } from '../lib/api';
import type { SaveState } from './SaveIndicator';

export type DocumentViewProps = {
  documentId: string;
  schema: LabelSchema;
  onSaveState: (state: SaveState) => void;
  onChanged: () => void;
};

/** One document: its text with spans, and the label legend with keys. */
export function DocumentView({ documentId, schema, onSaveState, onChanged }: DocumentViewProps) {
  const [document, setDocument] = useState<DocumentRecord | null>(null);
  const [spans, setSpans] = useState<Annotation[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const editorRef = useRef<AnnotationEditorHandle>(null);

  useEffect(() => {
    let cancelled = false;
    setDocument(null);
    setLoadError(null);
    Promise.all([call('documents.get', { id: documentId }), call('annotations.list', { documentId })]).then(
      ([loaded, loadedSpans]) => {
        if (cancelled) return;
        setSpans(loadedSpans);
        setDocument(loaded);
      },
      (caught: unknown) => !cancelled && setLoadError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      cancelled = true;
    };
  }, [documentId]);

  useEffect(() => {
    if (document) editorRef.current?.focus();
  }, [document]);

  const handleLabelRequest = useCallback(
    async (request: LabelRequest): Promise<boolean> => {
      onSaveState({ kind: 'saving' });
      setMessage(null);
      try {
        const created = await call('annotations.create', { documentId, ...request });
        setSpans((current) => [...current, created]);
        onSaveState({ kind: 'saved', at: new Date() });
        onChanged();
        return true;
      } catch (caught) {
        const text = caught instanceof Error ? caught.message : String(caught);
        onSaveState(
          caught instanceof ApiError && (caught.code === 'overlap' || caught.code === 'invalid_input') ? { kind: 'idle' } : { kind: 'error', message: text },
        );
        setMessage(text);
        return false;
      }
    },
    [documentId, onSaveState, onChanged],
  );

  if (loadError) {
    return (
      <p role="alert" className="awb-error">
        {loadError}
      </p>
    );
  }
  if (!document) return <p className="awb-muted">Loading…</p>;

  return (
    <article className="awb-document" aria-labelledby="document-title">
      <header className="awb-document-head">
        <h1 id="document-title" dir="auto">
          {document.title}
        </h1>
        <p className="awb-muted">
          {[document.source, document.publishedAt, `${document.charCount.toLocaleString()} characters`, `${spans.length} spans`].filter(Boolean).join(' · ')}
        </p>
      </header>
      <div className="awb-legend" role="toolbar" aria-label="Labels">
        {schema.labels.map((label, index) => (
          <button
            key={label.name}
            type="button"
            className={`awb-legend-item awb-label-${index}`}
            title={label.description}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => editorRef.current?.applyLabel(label.name)}
          >
            <kbd>{index + 1}</kbd>
            <kbd>{label.key}</kbd> {label.name}
          </button>
        ))}
      </div>
      {message && (
        <p role="alert" className="awb-message">
          {message}
        </p>
      )}
      <AnnotationEditor ref={editorRef} text={document.text} spans={spans} labels={schema.labels} onLabelRequest={handleLabelRequest} onMessage={setMessage} />
    </article>
  );
}
