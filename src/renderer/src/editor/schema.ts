import { Schema } from 'prosemirror-model';

/**
 * The document view's schema: paragraphs of plain text. Spans are not part of the document;
 * they are decorations, so the text the annotator sees is exactly the stored text.
 */
export const editorSchema = new Schema({
  nodes: {
    doc: { content: 'paragraph+' },
    paragraph: {
      content: 'text*',
      // dir="auto" lets each paragraph take the direction of its first strong character, so an
      // Arabic paragraph reads right to left next to an English one.
      toDOM: () => ['p', { dir: 'auto', class: 'awb-paragraph' }, 0],
    },
    text: {},
  },
});
