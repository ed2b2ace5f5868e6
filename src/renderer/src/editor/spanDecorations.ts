import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

/** A span as the editor draws it: editor positions, not text offsets. */
export type DrawnSpan = { id: string; from: number; to: number; label: string; labelIndex: number };

type SpanMeta = { type: 'set'; spans: DrawnSpan[] } | { type: 'add'; spans: DrawnSpan[] } | { type: 'remove'; ids: string[] };

type SpanState = { decorations: DecorationSet };

const spansKey = new PluginKey<SpanState>('awb-spans');

function decorationFor(span: DrawnSpan): Decoration {
  return Decoration.inline(
    span.from,
    span.to,
    { class: `awb-span awb-label-${span.labelIndex}`, 'data-label': span.label, 'data-span-id': span.id },
    { id: span.id },
  );
}

/** Draws saved spans as inline decorations in their label's colour, with the label shown. */
export function spanDecorationsPlugin(): Plugin<SpanState> {
  return new Plugin<SpanState>({
    key: spansKey,
    state: {
      init: () => ({ decorations: DecorationSet.empty }),
      apply(tr, state) {
        const meta = tr.getMeta(spansKey) as SpanMeta | undefined;
        if (!meta) return tr.docChanged ? { decorations: state.decorations.map(tr.mapping, tr.doc) } : state;
        switch (meta.type) {
          case 'set':
            return { decorations: DecorationSet.create(tr.doc, meta.spans.map(decorationFor)) };
          case 'add':
            return { decorations: state.decorations.add(tr.doc, meta.spans.map(decorationFor)) };
          case 'remove': {
            const ids = new Set(meta.ids);
            return { decorations: state.decorations.remove(state.decorations.find(undefined, undefined, (spec: { id?: string }) => ids.has(spec.id ?? ''))) };
          }
        }
      },
    },
    props: {
      decorations: (state) => spansKey.getState(state)?.decorations,
    },
  });
}

/** Replaces every drawn span. */
export function setSpans(tr: Transaction, spans: DrawnSpan[]): Transaction {
  return tr.setMeta(spansKey, { type: 'set', spans } satisfies SpanMeta);
}

/** Draws more spans, leaving the others as they are. */
export function addSpans(tr: Transaction, spans: DrawnSpan[]): Transaction {
  return tr.setMeta(spansKey, { type: 'add', spans } satisfies SpanMeta);
}

/** Stops drawing spans by id. */
export function removeSpans(tr: Transaction, ids: string[]): Transaction {
  return tr.setMeta(spansKey, { type: 'remove', ids } satisfies SpanMeta);
}

/** The ids of the spans drawn now. */
export function drawnSpanIds(state: EditorState): string[] {
  return (spansKey.getState(state)?.decorations.find() ?? []).map((decoration) => (decoration.spec as { id: string }).id);
}
