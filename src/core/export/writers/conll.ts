import type { ExportRecord } from '../exportTypes';
import { taggedSentences } from './tagged';
import type { StreamWriter, WriterContext } from './writerTypes';

/**
 * CoNLL-2003-style BIO: each document opens with a `-DOCSTART-` line and a blank line (as the
 * CoNLL-2003 files do, so readers that skip it work unchanged), then one `token<TAB>tag` line per
 * token and a blank line after each sentence.
 */
export function conllWriter(ctx: WriterContext): StreamWriter {
  return {
    kind: 'stream',
    layout: { extension: '.conll' },
    offsetUnit: null,
    annotators: 'none',
    extraFiles: () => [],
    render(record: ExportRecord) {
      const { sentences, written } = taggedSentences(record, ctx, 'CoNLL');
      let block = '-DOCSTART-\tO\n\n';
      for (const sentence of sentences) {
        sentence.tokens.forEach((token, index) => {
          block += `${token.text}\t${sentence.tags[index] ?? 'O'}\n`;
        });
        block += '\n';
      }
      return { items: [block], records: sentences.length, written };
    },
  };
}
