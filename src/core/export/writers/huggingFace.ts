import { bioTagNames } from '../bioTags';
import type { ExportRecord } from '../exportTypes';
import { taggedSentences } from './tagged';
import type { StreamWriter, WriterContext } from './writerTypes';

/** The label-names file beside Hugging Face data: one `{"id", "name"}` object per line, tag id order. */
export const HF_LABEL_NAMES_FILE = 'label_names.jsonl';

/**
 * Hugging Face token classification JSONL: one line per sentence with `id`, `document_id`,
 * `tokens` and `ner_tags` (BIO tag ids), as `datasets`' JSON loader reads it; the tag names are
 * in label_names.jsonl (and in the dataset card's `ClassLabel` feature).
 */
export function huggingFaceWriter(ctx: WriterContext): StreamWriter {
  const names = bioTagNames(ctx.labels);
  const ids = new Map(names.map((name, index) => [name, index]));
  return {
    kind: 'stream',
    layout: { extension: '.jsonl' },
    offsetUnit: null,
    annotators: 'none',
    extraFiles: () => [{ path: HF_LABEL_NAMES_FILE, content: names.map((name, id) => `${JSON.stringify({ id, name })}\n`).join('') }],
    render(record: ExportRecord) {
      const { sentences, written } = taggedSentences(record, ctx, 'Hugging Face');
      const items = sentences.map(
        (sentence, index) =>
          `${JSON.stringify({
            id: `${record.document.id}-${index}`,
            document_id: record.document.id,
            tokens: sentence.tokens.map((token) => token.text),
            ner_tags: sentence.tags.map((tag) => ids.get(tag) ?? 0),
          })}\n`,
      );
      return { items, records: items.length, written };
    },
  };
}
