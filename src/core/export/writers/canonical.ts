import type { ExportRecord } from '../exportTypes';
import type { StreamWriter, WriterContext } from './writerTypes';

/**
 * The canonical JSONL format (docs/formats.md): one line per document with every field, spans
 * with ids, annotators, origins, layers and attributes; offsets in code points. Import reads it
 * back losslessly.
 */
export function canonicalWriter(ctx: WriterContext): StreamWriter {
  return {
    kind: 'stream',
    layout: { extension: '.jsonl' },
    offsetUnit: 'codepoint',
    annotators: 'per-span',
    extraFiles: () => [],
    render(record: ExportRecord) {
      const { document } = record;
      const spans = record.spans.map((span) => {
        ctx.verifier.check(document.text, span.start, span.end, span.text, 'codepoint', {
          documentId: document.id,
          spanId: span.id,
          format: 'canonical JSONL',
        });
        return {
          id: span.id,
          start: span.start,
          end: span.end,
          text: span.text,
          label: span.label,
          attributes: span.attributes,
          annotator: span.annotator.name,
          annotator_id: span.annotator.id,
          origin: span.origin,
          layer: span.layer,
          ...(span.votes ? { votes: span.votes.votes, voters: span.votes.voters } : {}),
        };
      });
      const line = JSON.stringify({
        id: document.id,
        external_id: document.externalId,
        title: document.title,
        source: document.source,
        published_at: document.publishedAt,
        text: document.text,
        text_sha256: document.textSha256,
        normalization: document.normalization,
        metadata: document.metadata,
        ...(record.split ? { split: record.split } : {}),
        spans,
      });
      return { items: [`${line}\n`], records: 1, written: record.spans };
    },
  };
}
