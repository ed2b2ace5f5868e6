import { Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

/** One find hit, in editor positions. */
export type FindHit = { from: number; to: number };

type FindState = { hits: FindHit[]; current: number; decorations: DecorationSet };

const findKey = new PluginKey<FindState>('awb-find');

/** Hits drawn at most; a query matching more (a single letter) is refined before drawing more. */
export const MAX_FIND_HITS = 5000;

function build(tr: Transaction, hits: FindHit[], current: number): DecorationSet {
  return DecorationSet.create(
    tr.doc,
    hits.map((hit, index) => Decoration.inline(hit.from, hit.to, { class: index === current ? 'awb-find-hit is-current' : 'awb-find-hit' })),
  );
}

/** Highlights find-in-document hits, the current one distinctly; separate from the spans so finding never redraws them. */
export function findDecorationsPlugin(): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findKey,
    state: {
      init: () => ({ hits: [], current: -1, decorations: DecorationSet.empty }),
      apply(tr, state) {
        const meta = tr.getMeta(findKey) as { hits: FindHit[]; current: number } | undefined;
        if (!meta) return state;
        return { hits: meta.hits, current: meta.current, decorations: build(tr, meta.hits, meta.current) };
      },
    },
    props: { decorations: (state) => findKey.getState(state)?.decorations },
  });
}

/** Shows these hits, with `current` (an index into them, or -1) marked. */
export function setFindHits(tr: Transaction, hits: FindHit[], current: number): Transaction {
  return tr.setMeta(findKey, { hits, current });
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
