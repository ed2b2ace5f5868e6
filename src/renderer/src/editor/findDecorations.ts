import { Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { spanDecorationsOf } from './spanDecorations';
import { suggestionDecorationsOf } from './suggestionDecorations';

/** One find hit, in editor positions. */
export type FindHit = { from: number; to: number };

type FindState = { hits: FindHit[]; current: number };

const findKey = new PluginKey<FindState>('awb-find');

/** Hits highlighted at most; a query matching more (a single letter) is refined before showing more. */
export const MAX_FIND_HITS = 5000;

/** Names of the CSS highlights (styled with `::highlight(…)` in app.css). */
export const FIND_HIGHLIGHT = 'awb-find';
export const CURRENT_HIGHLIGHT = 'awb-find-current';

/** A DOM range over editor positions, or null where the view has no DOM for them. */
function rangeOf(view: EditorView, hit: FindHit): Range | null {
  try {
    const start = view.domAtPos(hit.from, 1);
    const end = view.domAtPos(hit.to, -1);
    const range = document.createRange();
    range.setStart(start.node, start.offset);
    range.setEnd(end.node, end.offset);
    return range;
  } catch {
    return null;
  }
}

/**
 * Highlights find-in-document hits through the CSS Custom Highlight API: ranges painted by the
 * browser, not decorations, so finding never splits a span's element or redraws the text, and
 * thousands of hits cost no DOM. The ranges are rebuilt after each view update, since ProseMirror
 * may replace the text nodes they point into.
 */
export function findDecorationsPlugin(): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findKey,
    state: {
      init: () => ({ hits: [], current: -1 }),
      apply(tr, state) {
        const meta = tr.getMeta(findKey) as FindState | undefined;
        return meta ?? state;
      },
    },
    view() {
      let shown: FindState | null = null;
      const paint = (view: EditorView, redrawn: boolean) => {
        const state = findKey.getState(view.state);
        if (!state || (state === shown && (!redrawn || state.hits.length === 0))) return;
        shown = state;
        const all = new Highlight();
        const current = new Highlight();
        state.hits.forEach((hit, index) => {
          const range = rangeOf(view, hit);
          if (range) (index === state.current ? current : all).add(range);
        });
        CSS.highlights.set(FIND_HIGHLIGHT, all);
        CSS.highlights.set(CURRENT_HIGHLIGHT, current);
      };
      return {
        // Spans or suggestions redrawn means text nodes replaced, and ranges into them lost: rebuild then too.
        update: (view, previous) =>
          paint(
            view,
            spanDecorationsOf(view.state) !== spanDecorationsOf(previous) || suggestionDecorationsOf(view.state) !== suggestionDecorationsOf(previous),
          ),
        destroy: () => {
          CSS.highlights.delete(FIND_HIGHLIGHT);
          CSS.highlights.delete(CURRENT_HIGHLIGHT);
        },
      };
    },
  });
}

/** Shows these hits, with `current` (an index into them, or -1) marked. */
export function setFindHits(tr: Transaction, hits: FindHit[], current: number): Transaction {
  return tr.setMeta(findKey, { hits, current } satisfies FindState);
}

/** The DOM range of the current hit, to scroll it into view. */
export function currentHitRange(): Range | null {
  const current = CSS.highlights.get(CURRENT_HIGHLIGHT);
  const first = current ? [...current.keys()][0] : undefined;
  return first instanceof Range ? first : null;
}

/**
 * UTF-16 ranges of every case-insensitive occurrence of a query in a text (at most
 * {@link MAX_FIND_HITS}). Matching with the `iu` flags keeps offsets in the original text, which
 * lower-casing the text first would not (some letters change length when lower-cased).
 */
export function findInText(text: string, query: string): { start: number; end: number }[] {
  if (query === '') return [];
  const pattern = new RegExp(query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'giu');
  const hits: { start: number; end: number }[] = [];
  for (const match of text.matchAll(pattern)) {
    hits.push({ start: match.index, end: match.index + match[0].length });
    if (hits.length >= MAX_FIND_HITS) break;
  }
  return hits;
}
