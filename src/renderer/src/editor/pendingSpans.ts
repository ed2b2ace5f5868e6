import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

/** A new span on its way to the database, as the editor draws it: editor positions. */
export type PendingSpan = { key: number; from: number; to: number; label: string; labelIndex: number };

type PendingMeta = { add: PendingSpan } | { remove: number };

const pendingKey = new PluginKey<DecorationSet>('awb-pending-spans');

function decorationFor(span: PendingSpan): Decoration {
  return Decoration.inline(
    span.from,
    span.to,
    {
      nodeName: 'span',
      class: `awb-pending-span awb-label-${span.labelIndex}`,
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
 * frame: drawn from the answer alone, a span would appear a frame late. Drawn here at once instead, in its label's colour but marked
 * as not yet saved (hatched, no label tag), it becomes a saved span (.awb-span) only when the core
 * has committed it; a refused or failed write just removes it. These are never spans of the store:
 * they cannot be selected, counted or edited.
 */
export function pendingSpansPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: pendingKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, set) {
        const meta = tr.getMeta(pendingKey) as PendingMeta | undefined;
        if (!meta) return set.map(tr.mapping, tr.doc);
        if ('add' in meta) return set.add(tr.doc, [decorationFor(meta.add)]);
        return set.remove(set.find(undefined, undefined, (spec: { key?: number }) => spec.key === meta.remove));
      },
    },
    props: { decorations: (state: EditorState) => pendingKey.getState(state) ?? DecorationSet.empty },
  });
}

/** Draws a new span as pending. */
export function addPendingSpan(tr: Transaction, span: PendingSpan): Transaction {
  return tr.setMeta(pendingKey, { add: span } satisfies PendingMeta);
}

/** Removes a pending span (its write was saved, refused or failed). */
export function removePendingSpan(tr: Transaction, key: number): Transaction {
  return tr.setMeta(pendingKey, { remove: key } satisfies PendingMeta);
}
