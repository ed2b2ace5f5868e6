/** The open document's suggestions at a glance, with the keys that answer them. */
export function SuggestionBar({ count, onAcceptInView, onRejectInView }: { count: number; onAcceptInView: () => void; onRejectInView: () => void }) {
  // Always present (the same height), so the text below never moves when suggestions arrive.
  if (count === 0) {
    return (
      <div className="awb-suggestion-bar awb-muted" role="status" aria-label="Suggestions" data-testid="suggestion-bar">
        No suggestions in this document.
      </div>
    );
  }
  return (
    <div className="awb-suggestion-bar" role="status" aria-label="Suggestions" data-testid="suggestion-bar">
      <span>
        <strong>{count}</strong> {count === 1 ? 'suggestion' : 'suggestions'} (dashed, not spans until accepted):
      </span>
      <span className="awb-muted">
        <kbd>N</kbd> next · <kbd>Enter</kbd> accept · <kbd>X</kbd> reject
      </span>
      <button type="button" onMouseDown={(event) => event.preventDefault()} onClick={onAcceptInView} title="Accept every suggestion in view (Shift+Enter)">
        Accept all in view <kbd>Shift+Enter</kbd>
      </button>
      <button type="button" onMouseDown={(event) => event.preventDefault()} onClick={onRejectInView} title="Reject every suggestion in view (Shift+X)">
        Reject all in view <kbd>Shift+X</kbd>
      </button>
    </div>
  );
}
