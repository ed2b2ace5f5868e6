import type { LabelDef } from '../../../shared/domain/labelSchema';
import type { WordStep } from '../../../shared/text/wordSteps';

/** A keyboard event as far as the bindings care. */
type Keyish = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

const command = (event: Keyish) => event.ctrlKey || event.metaKey;

/**
 * Every key the annotation view binds, in one table: the handlers test events with these
 * predicates and the Keys section of the guidelines panel lists the same table, so the help can
 * never drift from the behaviour.
 */
export const KEY_BINDINGS = [
  { id: 'label', keys: '1–9 or the label letter', does: 'Label the selection (or the word at the caret); with a span selected, relabel it' },
  { id: 'sticky', keys: 'Shift + label key', does: 'Sticky label on/off: every new selection gets that label' },
  { id: 'charMode', keys: '` (backquote), or Alt while dragging', does: 'Select by character instead of whole words' },
  { id: 'nextSpan', keys: 'Tab / Shift+Tab', does: 'Next / previous span' },
  { id: 'nextIncomplete', keys: 'F8 / Shift+F8', does: 'Next / previous span missing a required attribute' },
  { id: 'delete', keys: 'Delete or Backspace', does: 'Delete the selected span' },
  { id: 'grow', keys: '[ and ]', does: 'Grow the selected span by one word at its start / end' },
  { id: 'shrink', keys: '{ and } (Shift+[ / Shift+])', does: 'Shrink the selected span by one word at its start / end' },
  { id: 'attributes', keys: 'Enter', does: 'Edit the selected span’s attributes (Esc returns to the text)' },
  { id: 'undo', keys: 'Ctrl+Z', does: 'Undo (also after a restart)' },
  { id: 'redo', keys: 'Ctrl+Shift+Z or Ctrl+Y', does: 'Redo' },
  { id: 'find', keys: 'Ctrl+F, then Enter / Shift+Enter', does: 'Find in the document, next / previous hit' },
  { id: 'search', keys: 'Ctrl+Shift+F', does: 'Search all documents' },
  { id: 'nextDocument', keys: 'Alt+↓ / Alt+↑', does: 'Next / previous document in the list' },
  { id: 'done', keys: 'Ctrl+Enter', does: 'Mark the document done and open the next' },
  { id: 'skip', keys: 'Ctrl+Shift+Enter', does: 'Mark the document skipped and open the next' },
  { id: 'regions', keys: 'F6 / Shift+F6', does: 'Move between the document list, the text and the side panel' },
  { id: 'nextSuggestion', keys: 'N / Shift+N', does: 'Next / previous suggestion (dashed, with “?”)' },
  { id: 'acceptSuggestion', keys: 'Enter on a suggestion', does: 'Accept it: it becomes a span' },
  { id: 'rejectSuggestion', keys: 'X on a suggestion', does: 'Reject it: never offered again in this document' },
  { id: 'allSuggestions', keys: 'Shift+Enter / Shift+X', does: 'Accept / reject every suggestion in view' },
  { id: 'everyOccurrence', keys: '* (with a span selected)', does: 'Label every occurrence of the span in this document (preview first)' },
] as const;

/** The label a key names: 1–9 by position, or the label's own letter (either case). */
export function labelForKey(labels: readonly LabelDef[], event: Pick<KeyboardEvent, 'key' | 'code'>): LabelDef | undefined {
  const digit = /^Digit([1-9])$/.exec(event.code)?.[1] ?? (/^[1-9]$/.test(event.key) ? event.key : undefined);
  if (digit) return labels[Number(digit) - 1];
  return labels.find((label) => label.key === event.key.toLowerCase());
}

export const isUndo = (event: Keyish) => command(event) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'z';
export const isRedo = (event: Keyish) =>
  command(event) && !event.altKey && ((event.shiftKey && event.key.toLowerCase() === 'z') || (!event.shiftKey && event.key.toLowerCase() === 'y'));
export const isFind = (event: Keyish) => command(event) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'f';
export const isCorpusSearch = (event: Keyish) => command(event) && event.shiftKey && !event.altKey && event.key.toLowerCase() === 'f';
export const isDone = (event: Keyish) => command(event) && !event.shiftKey && !event.altKey && event.key === 'Enter';
export const isSkip = (event: Keyish) => command(event) && event.shiftKey && !event.altKey && event.key === 'Enter';
export const documentStep = (event: Keyish): 1 | -1 | 0 =>
  event.altKey && !command(event) && !event.shiftKey ? (event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0) : 0;

/** The grow or shrink a bracket key asks for. */
export function wordStepForKey(key: string): WordStep | null {
  switch (key) {
    case '[':
      return 'grow-start';
    case ']':
      return 'grow-end';
    case '{':
      return 'shrink-start';
    case '}':
      return 'shrink-end';
    default:
      return null;
  }
}

/** What a key asks of suggestions, or null. Letters only when no label of the schema uses them (the caller checks). */
export function suggestionKey(event: Keyish): 'acceptAll' | 'reject' | 'rejectAll' | 'next' | 'previous' | 'everyOccurrence' | null {
  if (command(event) || event.altKey) return null;
  if (event.key === 'Enter' && event.shiftKey) return 'acceptAll';
  if (event.key === '*') return 'everyOccurrence';
  if (event.key.toLowerCase() === 'x') return event.shiftKey ? 'rejectAll' : 'reject';
  if (event.key.toLowerCase() === 'n') return event.shiftKey ? 'previous' : 'next';
  return null;
}
