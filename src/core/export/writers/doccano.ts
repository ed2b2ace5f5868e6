import { OffsetMap } from '../../../shared/text/offsetMap';
import type { ExportRecord } from '../exportTypes';
import type { StreamWriter, WriterContext } from './writerTypes';

/**
 * doccano sequence-labelling JSONL: `text` and `label: [[start, end, "LABEL"], …]`, the other
 * fields as doccano metadata. Offsets are UTF-16 code units, because doccano's annotation view
 * counts in JavaScript string units (doccano issue 2290): code points would put every span after
 * an emoji one place too far in doccano. Attributes have no place in doccano and are reported.
 */
export function doccanoWriter(ctx: WriterContext): StreamWriter {
  let overlapsWarned = false;
  return {
    kind: 'stream',
    layout: { extension: '.jsonl' },
    offsetUnit: 'utf16',
    annotators: 'none',
    extraFiles: () => [],
    render(record: ExportRecord) {
      const { document } = record;
      const offsets = new OffsetMap(document.text);
      let reach = -1;
      const label = record.spans.map((span) => {
        const start = offsets.toUtf16(span.start);
        const end = offsets.toUtf16(span.end);
        ctx.verifier.check(document.text, start, end, span.text, 'utf16', { documentId: document.id, spanId: span.id, format: 'doccano' });
        ctx.loss.add('attribute_value', document, span, Object.keys(span.attributes).length);
        if (span.start < reach && !overlapsWarned) {
          overlapsWarned = true;
          ctx.warn('Some spans overlap: turn on “Allow overlapping spans” in the doccano project before importing.');
        }
        reach = Math.max(reach, span.end);
        return [start, end, span.label];
      });
      const line: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(document.metadata)) line[key] = value;
      Object.assign(line, {
        text: document.text,
        label,
        title: document.title,
        source: document.source,
        published_at: document.publishedAt,
        external_id: document.externalId,
        ...(record.split ? { split: record.split } : {}),
      });
      return { items: [`${JSON.stringify(line)}\n`], records: 1, written: record.spans };
    },
  };
}
