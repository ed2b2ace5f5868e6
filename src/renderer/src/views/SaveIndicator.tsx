export type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; message: string };

/** Says whether the last change is safely in the database. */
export function SaveIndicator({ state }: { state: SaveState }) {
  const text =
    state.kind === 'saving'
      ? 'Saving…'
      : state.kind === 'saved'
        ? `Saved ${state.at.toLocaleTimeString()}`
        : state.kind === 'error'
          ? 'Not saved'
          : 'All changes saved';
  return (
    <span
      className={`awb-save awb-save-${state.kind}`}
      role="status"
      aria-live="polite"
      data-testid="save-indicator"
      title={state.kind === 'error' ? state.message : undefined}
    >
      {text}
    </span>
  );
}
