import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

/** A suggestion as the editor draws it: editor positions. Never a span: it has no id in the span store. */
export type DrawnSuggestion = { id: number; from: number; to: number; label: string; labelIndex: number; source: string; current: boolean };

const suggestionsKey = new PluginKey<DecorationSet>('awb-suggestions');

/** A readable name of a source for the tooltip. */
export function sourceName(source: string): string {
  if (source === 'propagation') return 'labelled elsewhere';
  if (source === 'casualty-rule') return 'casualty rule';
  return source.replace(/^gazetteer:/, 'gazetteer ');
}

function decorationFor(suggestion: DrawnSuggestion): Decoration {
  const classes = ['awb-suggestion', `awb-label-${suggestion.labelIndex}`];
  if (suggestion.current) classes.push('is-current');
  return Decoration.inline(
    suggestion.from,
    suggestion.to,
    {
      nodeName: 'span',
      class: classes.join(' '),
      'data-label': `${suggestion.label}?`,
      'data-suggestion-id': String(suggestion.id),
      title: `Suggested ${suggestion.label} (${sourceName(suggestion.source)}): Enter accepts, X rejects`,
    },
    { id: suggestion.id },
  );
}

/**
 * Suggestions drawn apart from spans (dashed, muted, their label with a question mark), in a
 * plugin of their own so that they are never counted, selected or edited as spans. The whole set
 * is replaced when the list changes: a document offers at most a few hundred.
 */
export function suggestionDecorationsPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: suggestionsKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, set) {
        const next = tr.getMeta(suggestionsKey) as DrawnSuggestion[] | undefined;
        if (next) return DecorationSet.create(tr.doc, next.map(decorationFor));
        return set.map(tr.mapping, tr.doc);
      },
    },
    props: { decorations: (state: EditorState) => suggestionsKey.getState(state) ?? DecorationSet.empty },
  });
}

/** The suggestion decorations of a state (to tell whether a transaction redrew them). */
export function suggestionDecorationsOf(state: EditorState): DecorationSet | undefined {
  return suggestionsKey.getState(state);
}

/** Replaces the drawn suggestions. */
export function setSuggestions(tr: Transaction, suggestions: DrawnSuggestion[]): Transaction {
  return tr.setMeta(suggestionsKey, suggestions);
}
