import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { buildTextLayout } from './textLayout';
import { addUnsavedSpan, hasUnsavedSpan, removeUnsavedSpans, unsavedSpansPlugin, unsavedSpansReplacedBy } from './unsavedSpans';

function stateWithUnsaved(): EditorState {
  const state = EditorState.create({ doc: buildTextLayout('Militants struck Tower 22 at dawn.').doc, plugins: [unsavedSpansPlugin()] });
  // Positions 1..: "Tower 22" is text offsets 17–25, positions 18–26 inside the first paragraph.
  return state
    .apply(addUnsavedSpan(state.tr, { key: 1, from: 18, to: 26, label: 'LOCATION', labelIndex: 1 }))
    .apply(addUnsavedSpan(state.tr, { key: 2, from: 1, to: 10, label: 'ACTOR', labelIndex: 0 }));
}

describe('unsaved spans', () => {
  it('are replaced only by a saved span with the same edges and label', () => {
    const state = stateWithUnsaved();
    expect(unsavedSpansReplacedBy(state, { from: 18, to: 26, label: 'LOCATION' })).toEqual([1]);
    expect(unsavedSpansReplacedBy(state, { from: 18, to: 26, label: 'ACTOR' })).toEqual([]);
    expect(unsavedSpansReplacedBy(state, { from: 18, to: 23, label: 'LOCATION' })).toEqual([]);
    expect(unsavedSpansReplacedBy(state, { from: 1, to: 10, label: 'ACTOR' })).toEqual([2]);
  });

  it('are removed by key, several at once; removing none keeps them', () => {
    const state = stateWithUnsaved();
    const after = state.apply(removeUnsavedSpans(state.tr, [1]));
    expect(hasUnsavedSpan(after, 1)).toBe(false);
    expect(hasUnsavedSpan(after, 2)).toBe(true);
    const none = after.apply(removeUnsavedSpans(after.tr, [1, 2]));
    expect([hasUnsavedSpan(none, 1), hasUnsavedSpan(none, 2)]).toEqual([false, false]);
    const kept = state.apply(removeUnsavedSpans(state.tr, []));
    expect([hasUnsavedSpan(kept, 1), hasUnsavedSpan(kept, 2)]).toEqual([true, true]);
  });
});
