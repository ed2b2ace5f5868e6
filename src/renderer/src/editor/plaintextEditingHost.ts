import { Plugin } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

/**
 * Makes the editor a `contenteditable="plaintext-only"` editing host instead of ProseMirror's
 * `"true"`. The text is never edited here (every input is refused), so nothing is lost: caret,
 * Shift+arrow selection and focus behave the same. What is gained: before every commit, React
 * saves the selection of a focused element whose `contentEditable` is exactly "true" by walking
 * every node under it to count characters (react-dom's getSelectionInformation), and with 10,000
 * spans drawn that walk costs several milliseconds per commit; the save indicator, counts and
 * attribute panel commit on every label key. "plaintext-only" is not "true", so React skips it.
 *
 * ProseMirror writes contenteditable only when its computed value changes (never, in this view),
 * and ignores attribute mutations on its own root; the plugin sets it again after any update that
 * might have rebuilt the root's attributes.
 */
export function plaintextEditingHostPlugin(): Plugin {
  const apply = (view: EditorView) => {
    if (view.dom.contentEditable === 'true') view.dom.contentEditable = 'plaintext-only';
  };
  return new Plugin({
    view(view) {
      apply(view);
      return { update: apply };
    },
  });
}
