import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

/** A new span on its way to the database, as the editor draws it: editor positions. */
export type UnsavedSpan = { key: number; from: number; to: number; label: string; labelIndex: number };

/** What each unsaved decoration carries, to be found again. */
type UnsavedSpec = { key: number; label: string };

/** What a transaction does to the unsaved spans; both parts may come in one transaction. */
type UnsavedMeta = { add?: UnsavedSpan; remove?: readonly number[] };

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
    { key: span.key, label: span.label } satisfies UnsavedSpec,
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
        let next = set;
        if (meta.remove) {
          const gone = new Set(meta.remove);
          next = next.remove(next.find(undefined, undefined, (spec: UnsavedSpec) => gone.has(spec.key)));
        }
        return meta.add ? next.add(tr.doc, [decorationFor(meta.add)]) : next;
      },
    },
    props: { decorations: (state: EditorState) => unsavedKey.getState(state) ?? DecorationSet.empty },
  });
}

/** The transaction's unsaved-span meta with `change` merged in (a transaction holds one meta per plugin). */
function withMeta(tr: Transaction, change: UnsavedMeta): Transaction {
  const current = (tr.getMeta(unsavedKey) as UnsavedMeta | undefined) ?? {};
  const remove = [...(current.remove ?? []), ...(change.remove ?? [])];
  const add = change.add ?? current.add;
  return tr.setMeta(unsavedKey, { ...(add ? { add } : {}), ...(remove.length > 0 ? { remove } : {}) } satisfies UnsavedMeta);
}

/** Draws a new span as unsaved. */
export function addUnsavedSpan(tr: Transaction, span: UnsavedSpan): Transaction {
  return withMeta(tr, { add: span });
}

/** Removes unsaved spans (their writes were saved, refused or failed). */
export function removeUnsavedSpans(tr: Transaction, keys: readonly number[]): Transaction {
  return keys.length === 0 ? tr : withMeta(tr, { remove: keys });
}

/** Whether an unsaved span is still drawn. */
export function hasUnsavedSpan(state: EditorState, key: number): boolean {
  return (unsavedKey.getState(state)?.find(undefined, undefined, (spec: UnsavedSpec) => spec.key === key).length ?? 0) > 0;
}

/**
 * The unsaved span a newly saved span takes the place of (same edges, same label), if any, so the
 * redraw that draws the saved span removes it too, rather than a second redraw when the write
 * settles. Writes are saved in the order they were made, so of two such marks (the same words
 * labelled twice while the first write was on its way, where overlap is allowed) the oldest is
 * the one saved.
 */
export function unsavedSpanReplacedBy(state: EditorState, saved: { from: number; to: number; label: string }): number | null {
  const set = unsavedKey.getState(state);
  if (!set) return null;
  const keys = set
    .find(saved.from, saved.to, (spec: UnsavedSpec) => spec.label === saved.label)
    .filter((decoration) => decoration.from === saved.from && decoration.to === saved.to)
    .map((decoration) => (decoration.spec as UnsavedSpec).key);
  return keys.length === 0 ? null : Math.min(...keys);
}
