import { DocumentTokens } from '../exportTokens';
import type { ExportRecord } from '../exportTypes';
import { perAnnotator, type StreamWriter, type WriterContext } from './writerTypes';

/**
 * spaCy/Prodigy-style JSONL: `text`, `tokens` (the project tokenizer's, plus spaCy's whitespace
 * tokens so `Doc(vocab, words, spaces)` rebuilds the text exactly), and `spans` with character
 * offsets (code points, as Python's str) and `token_start`/`token_end` (inclusive, as Prodigy
 * writes them). A span that does not start and end on token boundaries cannot be a spaCy span
 * (`Doc.char_span` answers None) and is left out and reported; overlapping spans are kept (they
 * suit `doc.spans`; `doc.ents` needs them disjoint). Attributes ride along on each span.
 */
export function spacyWriter(ctx: WriterContext): StreamWriter {
  return {
    kind: 'stream',
    layout: { extension: '.jsonl' },
    offsetUnit: 'codepoint',
    annotators: 'per-record',
    extraFiles: () => [],
    render(record: ExportRecord) {
      const { document } = record;
      const tokens = new DocumentTokens(document.text);
      const { tokens: spacyTokens, indexOf } = tokens.spacyTokens();
      const tokenJson = spacyTokens.map((token) => ({ text: token.text, start: token.start, end: token.end, id: token.id, ws: token.ws }));
      const items: string[] = [];
      const written: ExportRecord['spans'] = [];
      for (const group of perAnnotator(record, ctx)) {
        const spans = [];
        for (const span of group.spans) {
          const range = tokens.tokenRange(span);
          if (!range) {
            ctx.loss.add('unaligned_span', document, span);
            continue;
          }
          ctx.verifier.check(document.text, span.start, span.end, span.text, 'codepoint', { documentId: document.id, spanId: span.id, format: 'spaCy' });
          spans.push({
            start: span.start,
            end: span.end,
            token_start: indexOf[range.first] ?? -1,
            token_end: indexOf[range.last] ?? -1,
            label: span.label,
            text: span.text,
            id: span.id,
            attributes: span.attributes,
          });
          written.push(span);
        }
        const line = {
          text: document.text,
          tokens: tokenJson,
          spans,
          meta: {
            id: document.id,
            external_id: document.externalId,
            title: document.title,
            source: document.source,
            published_at: document.publishedAt,
            text_sha256: document.textSha256,
            ...(record.split ? { split: record.split } : {}),
          },
          ...(group.annotator ? { _annotator_id: group.annotator.name } : {}),
          answer: 'accept',
        };
        items.push(`${JSON.stringify(line)}\n`);
      }
      return { items, records: items.length, written };
    },
  };
}
