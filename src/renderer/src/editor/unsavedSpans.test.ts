import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import { buildTextLayout } from './textLayout';
import { addUnsavedSpan, hasUnsavedSpan, removeUnsavedSpans, unsavedSpanReplacedBy, unsavedSpansPlugin } from './unsavedSpans';

// "Tower 22" is text offsets 17–25 of the first paragraph, editor positions 18–26.
const TOWER = { from: 18, to: 26, label: 'LOCATION', labelIndex: 1 };
const MILITANTS = { from: 1, to: 10, label: 'ACTOR', labelIndex: 0 };

function stateWithUnsaved(): EditorState {
  const state = EditorState.create({ doc: buildTextLayout('Militants struck Tower 22 at dawn.').doc, plugins: [unsavedSpansPlugin()] });
  return state.apply(addUnsavedSpan(state.tr, { key: 1, ...TOWER })).apply(addUnsavedSpan(state.tr, { key: 2, ...MILITANTS }));
}

describe('unsaved spans', () => {
  it('are replaced only by a saved span with the same edges and label', () => {
    const state = stateWithUnsaved();
    expect(unsavedSpanReplacedBy(state, TOWER)).toBe(1);
    expect(unsavedSpanReplacedBy(state, { ...TOWER, label: 'ACTOR' })).toBeNull();
    expect(unsavedSpanReplacedBy(state, { ...TOWER, to: 23 })).toBeNull();
    expect(unsavedSpanReplacedBy(state, MILITANTS)).toBe(2);
  });

  it('of two marks on the same words with the same label, the oldest is the one a save replaces', () => {
    const state = stateWithUnsaved();
    const twice = state.apply(addUnsavedSpan(state.tr, { key: 3, ...TOWER }));
    expect(unsavedSpanReplacedBy(twice, TOWER)).toBe(1);
    const after = twice.apply(removeUnsavedSpans(twice.tr, [1]));
    expect(unsavedSpanReplacedBy(after, TOWER)).toBe(3);
  });

  it('are removed by key, several at once', () => {
    const state = stateWithUnsaved();
    const after = state.apply(removeUnsavedSpans(state.tr, [1]));
    expect([hasUnsavedSpan(after, 1), hasUnsavedSpan(after, 2)]).toEqual([false, true]);
    const none = after.apply(removeUnsavedSpans(after.tr, [1, 2]));
    expect([hasUnsavedSpan(none, 1), hasUnsavedSpan(none, 2)]).toEqual([false, false]);
  });

  it('take an addition and removals in one transaction, in either order', () => {
    const state = stateWithUnsaved();
    const addThenRemove = state.apply(removeUnsavedSpans(removeUnsavedSpans(addUnsavedSpan(state.tr, { key: 3, ...TOWER }), [1]), []));
    const removeThenAdd = state.apply(addUnsavedSpan(removeUnsavedSpans(state.tr, [1, 2]), { key: 3, ...TOWER }));
    expect([1, 2, 3].map((key) => hasUnsavedSpan(addThenRemove, key))).toEqual([false, true, true]);
    expect([1, 2, 3].map((key) => hasUnsavedSpan(removeThenAdd, key))).toEqual([false, false, true]);
  });
});
