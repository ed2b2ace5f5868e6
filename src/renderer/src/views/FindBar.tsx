import { useEffect, useRef, useState, type RefObject } from 'react';
import type { AnnotationEditorHandle } from '../editor/AnnotationEditor';
import { MAX_FIND_HITS } from '../editor/findDecorations';

export type FindBarProps = {
  editor: RefObject<AnnotationEditorHandle | null>;
  initialQuery: string;
  /** Opened for a corpus search hit: start at the hit at this code-point offset and leave the focus in the text. */
  near?: number | undefined;
  onClose: () => void;
};

/** Find in the document (Ctrl+F): hits highlighted as you type, Enter for the next, Shift+Enter the previous, Esc to close. */
export function FindBar({ editor, initialQuery, near, onClose }: FindBarProps) {
  const [query, setQuery] = useState(initialQuery);
  const [result, setResult] = useState({ count: 0, current: -1 });
  const inputRef = useRef<HTMLInputElement>(null);
  const nearRef = useRef(near);

  useEffect(() => {
    if (nearRef.current === undefined) inputRef.current?.focus();
  }, []);

  useEffect(() => {
    // Only the first search starts at a revealed hit; later ones start at the top.
    const at = nearRef.current;
    nearRef.current = undefined;
    setResult(editor.current?.find(query, at) ?? { count: 0, current: -1 });
  }, [editor, query]);

  const step = (direction: 1 | -1) => {
    const current = editor.current?.findStep(direction) ?? -1;
    setResult((previous) => ({ ...previous, current }));
  };

  return (
    <div className="awb-findbar" role="search" aria-label="Find in document">
      <label htmlFor="find-input">Find</label>
      <input
        id="find-input"
        ref={inputRef}
        type="search"
        value={query}
        autoComplete="off"
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            step(event.shiftKey ? -1 : 1);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            onClose();
          }
        }}
      />
      <span className="awb-muted" role="status" aria-live="polite" data-testid="find-count">
        {query === '' ? '' : result.count === 0 ? 'No hits' : `${result.current + 1} of ${result.count}${result.count >= MAX_FIND_HITS ? '+' : ''}`}
      </span>
      <button type="button" onClick={() => step(-1)} disabled={result.count === 0} title="Previous hit (Shift+Enter)">
        ↑
      </button>
      <button type="button" onClick={() => step(1)} disabled={result.count === 0} title="Next hit (Enter)">
        ↓
      </button>
      <button type="button" onClick={onClose} title="Close (Esc)">
        ✕
      </button>
    </div>
  );
}
