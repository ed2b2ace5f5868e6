import { bioTags, checkBioRoundTrip } from '../bioTags';
import { DocumentTokens, spansForTagging, type ExportToken } from '../exportTokens';
import type { ExportRecord } from '../exportTypes';
import type { WriterContext } from './writerTypes';

/** A sentence of tokens with their BIO tags. */
export type TaggedSentence = { tokens: ExportToken[]; tags: string[] };

/**
 * A document as one-tag-per-token formats write it: the project tokenizer's tokens, BIO tags
 * from the spans that fit (on token boundaries, no overlap; the others are reported as lost,
 * and so are their attributes), split into sentences that never cut a span. The tags are read
 * back and compared with the spans before anything is written.
 */
export function taggedSentences(record: ExportRecord, ctx: WriterContext, format: string): { sentences: TaggedSentence[]; written: ExportRecord['spans'] } {
  const { document } = record;
  const tokens = new DocumentTokens(document.text);
  const { kept, unaligned, overlapping } = spansForTagging(tokens, record.spans);
  for (const span of unaligned) ctx.loss.add('unaligned_span', document, span);
  for (const span of overlapping) ctx.loss.add('overlapping_span', document, span);
  for (const span of kept) {
    const values = Object.values(span.attributes);
    ctx.loss.add('attribute_value', document, span, values.length);
    ctx.verifier.check(document.text, span.start, span.end, span.text, 'codepoint', { documentId: document.id, spanId: span.id, format });
  }
  const tags = bioTags(tokens.tokens.length, kept);
  checkBioRoundTrip(tags, kept, document.id);
  const sentences = tokens.sentences(kept).map((range) => ({
    tokens: tokens.tokens.slice(range.first, range.last + 1),
    tags: tags.slice(range.first, range.last + 1),
  }));
  return { sentences, written: kept };
}
