import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

/** A new span on its way to the database, as the editor draws it: editor positions. */
export type UnsavedSpan = { key: number; from: number; to: number; label: string; labelIndex: number };

type UnsavedMeta = { add: UnsavedSpan } | { remove: number };

const unsavedKey = new PluginKey<DecorationSet>('awb-unsaved-spans');

function decorationFor(span: UnsavedSpan): Decoration {
  return Decoration.inline(
    span.from,
    span.to,
    {
      nodeName: 'span',
      class: `awb-unsaved-span awb-label-${span.labelIndex}`,
      'data-label': span.label,
      title: `${span.label}: saving…`,
    },
    { key: span.key },
  );
}

/**
 * New spans drawn from the label key until the core answers. Chromium holds back the page's other
 * tasks, network answers among them, until the frame after a key press has been produced (its
 * DeferRendererTasksAfterInput feature, on in browsers; the desktop host turns it off, see
 * src/main/chromiumFeatures.ts), so the core's answer, however fast, is handled only after that
 * frame: drawn from the answer alone, a span would appear a frame late. Drawn here at once
 * instead, in its label's colour but marked as not yet saved (hatched, no label tag), it becomes a
 * saved span (.awb-span) only when the core has committed it; a refused or failed write just
 * removes it. These are never spans of the store: they cannot be selected, counted or edited.
 */
export function unsavedSpansPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: unsavedKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, set) {
        const meta = tr.getMeta(unsavedKey) as UnsavedMeta | undefined;
        if (!meta) return set.map(tr.mapping, tr.doc);
        if ('add' in meta) return set.add(tr.doc, [decorationFor(meta.add)]);
        const settled = set.find(undefined, undefined, (spec: { key?: number }) => spec.key === meta.remove);
        return set.remove(settled);
      },
    },
    props: { decorations: (state: EditorState) => unsavedKey.getState(state) ?? DecorationSet.empty },
  });
}

/** Draws a new span as unsaved. */
export function addUnsavedSpan(tr: Transaction, span: UnsavedSpan): Transaction {
  return tr.setMeta(unsavedKey, { add: span } satisfies UnsavedMeta);
}

/** Removes an unsaved span (its write was saved, refused or failed). */
export function removeUnsavedSpan(tr: Transaction, key: number): Transaction {
  return tr.setMeta(unsavedKey, { remove: key } satisfies UnsavedMeta);
}
