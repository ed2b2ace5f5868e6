import { useEffect, useRef, useState } from 'react';
import type { MethodOutput } from '../../../shared/contract/index';

/** The preview of "label every occurrence in this document" for one span. */
export type OccurrencesState = MethodOutput<'suggestions.occurrences'> & { annotationId: string };

/**
 * Lists a span's other occurrences in the document, each with its context and a checkbox (those
 * that cannot be labelled say why and are left out); Enter labels the checked ones, Esc closes.
 */
export function OccurrencePreview({
  state,
  onConfirm,
  onCancel,
}: {
  state: OccurrencesState;
  onConfirm: (ranges: { start: number; end: number }[]) => void;
  onCancel: () => void;
}) {
  const [chosen, setChosen] = useState(() => new Set(state.occurrences.flatMap((occurrence, index) => (occurrence.blockedBy ? [] : [index]))));
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  const free = state.occurrences.filter((occurrence) => !occurrence.blockedBy).length;
  return (
    <section
      className="awb-occurrences"
      role="dialog"
      aria-label={`Label every occurrence of ${state.quote}`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onCancel();
        }
      }}
    >
      <h2 dir="auto">
        Label every “{state.quote}” as {state.label}
      </h2>
      {state.occurrences.length === 0 ? (
        <p className="awb-muted">No other occurrence of it in this document.</p>
      ) : (
        <>
          <p className="awb-muted">
            {state.occurrences.length} other {state.occurrences.length === 1 ? 'occurrence' : 'occurrences'}, {free} can be labelled.
          </p>
          <ul>
            {state.occurrences.map((occurrence, index) => (
              <li key={`${occurrence.start}:${occurrence.end}`}>
                <label dir="auto">
                  <input
                    type="checkbox"
                    disabled={occurrence.blockedBy !== null}
                    checked={chosen.has(index)}
                    onChange={(event) =>
                      setChosen((current) => {
                        const next = new Set(current);
                        if (event.target.checked) next.add(index);
                        else next.delete(index);
                        return next;
                      })
                    }
                  />{' '}
                  …{occurrence.before}
                  <mark>{occurrence.quote}</mark>
                  {occurrence.after}…{occurrence.blockedBy && <span className="awb-muted"> ({occurrence.blockedBy})</span>}
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
      <button
        ref={confirmRef}
        type="button"
        className="awb-primary"
        disabled={chosen.size === 0}
        onClick={() => onConfirm(state.occurrences.filter((_, index) => chosen.has(index)).map(({ start, end }) => ({ start, end })))}
      >
        Label {chosen.size} (Enter)
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel (Esc)
      </button>
    </section>
  );
}
