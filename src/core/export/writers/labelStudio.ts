import type { AttributeDef } from '../../../shared/domain/labelSchema';
import type { ExportRecord, ExportSpan } from '../exportTypes';
import type { StreamWriter, WriterContext } from './writerTypes';

const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Label Studio JSON: an array of tasks (`data.text` and the document's fields) with one
 * annotation per annotator (`created_username`; the gold layer's are `ground_truth`). Each span is
 * a `labels` region whose `value` has `start`, `end` (code points: what Label Studio has stored
 * since its emoji offset fix) and `text`; its attributes are per-region results with the region's
 * id (`choices` for enum and boolean, `number` for integer, `textarea` for text), matching the
 * label_config.xml written beside the data.
 */
export function labelStudioWriter(ctx: WriterContext): StreamWriter {
  const definitions = new Map(ctx.schema.labels.map((label) => [label.name, new Map(label.attributes.map((attribute) => [attribute.name, attribute]))]));
  const results = (record: ExportRecord, span: ExportSpan) => {
    const { document } = record;
    ctx.verifier.check(document.text, span.start, span.end, span.text, 'codepoint', { documentId: document.id, spanId: span.id, format: 'Label Studio' });
    const items: unknown[] = [
      { id: span.id, from_name: 'label', to_name: 'text', type: 'labels', value: { start: span.start, end: span.end, text: span.text, labels: [span.label] } },
    ];
    for (const [name, value] of Object.entries(span.attributes)) {
      if (value === null) {
        ctx.loss.add('null_attribute_value', document, span);
        continue;
      }
      const type = definitions.get(span.label)?.get(name)?.type;
      const base = { id: span.id, from_name: name, to_name: 'text' };
      if (type === 'integer' && typeof value === 'number') items.push({ ...base, type: 'number', value: { number: value } });
      else if (type === 'text') items.push({ ...base, type: 'textarea', value: { text: [String(value)] } });
      else items.push({ ...base, type: 'choices', value: { choices: [String(value)] } });
    }
    return items;
  };
  return {
    kind: 'stream',
    layout: { extension: '.json', header: '[\n', separator: ',\n', footer: '\n]\n' },
    offsetUnit: 'codepoint',
    annotators: 'per-record',
    extraFiles: () => [{ path: 'label_config.xml', content: labelConfig(ctx) }],
    render(record: ExportRecord) {
      const { document } = record;
      // One annotation per author of spans, and an empty one for a chosen annotator without spans.
      const authors = new Map<string, { name: string; spans: ExportSpan[] }>();
      if (ctx.layer === 'all' || ctx.layer === 'annotator')
        for (const annotator of record.annotators) authors.set(annotator.id, { name: annotator.name, spans: [] });
      for (const span of record.spans) {
        const entry = authors.get(span.annotator.id) ?? { name: span.annotator.name, spans: [] };
        entry.spans.push(span);
        authors.set(span.annotator.id, entry);
      }
      const data: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(document.metadata)) data[key] = value;
      Object.assign(data, {
        text: document.text,
        title: document.title,
        source: document.source,
        published_at: document.publishedAt,
        external_id: document.externalId,
        text_sha256: document.textSha256,
        ...(record.split ? { split: record.split } : {}),
      });
      const task = {
        data,
        annotations: [...authors.values()].map((author) => ({
          created_username: author.name,
          ground_truth: ctx.layer === 'gold',
          was_cancelled: false,
          result: author.spans.flatMap((span) => results(record, span)),
        })),
        meta: { awb_document_id: document.id },
      };
      return { items: [JSON.stringify(task)], records: 1, written: record.spans };
    },
  };
}

/** A labeling config for the exported schema: the labels, and one per-region control per attribute. */
function labelConfig(ctx: WriterContext): string {
  const chosen = ctx.schema.labels.filter((label) => ctx.labels.includes(label.name));
  const controls = new Map<string, { type: AttributeDef['type']; values: string[] }>();
  for (const label of chosen) {
    for (const attribute of label.attributes) {
      const entry = controls.get(attribute.name) ?? { type: attribute.type, values: [] };
      const values = attribute.type === 'enum' ? attribute.values : attribute.type === 'boolean' ? ['true', 'false'] : [];
      for (const value of values) if (!entry.values.includes(value)) entry.values.push(value);
      controls.set(attribute.name, entry);
    }
  }
  const lines = ['<View>', '  <Labels name="label" toName="text">'];
  for (const label of chosen) lines.push(`    <Label value="${escapeXml(label.name)}" background="${escapeXml(label.color)}"/>`);
  lines.push('  </Labels>', '  <Text name="text" value="$text"/>');
  for (const [name, control] of controls) {
    const attrs = `name="${escapeXml(name)}" toName="text" perRegion="true"`;
    lines.push(`  <View visibleWhen="region-selected">`, `    <Header value="${escapeXml(name)}" size="6"/>`);
    if (control.type === 'integer') lines.push(`    <Number ${attrs}/>`);
    else if (control.type === 'text') lines.push(`    <TextArea ${attrs} maxSubmissions="1"/>`);
    else {
      lines.push(`    <Choices ${attrs} choice="single">`);
      for (const value of control.values) lines.push(`      <Choice value="${escapeXml(value)}"/>`);
      lines.push('    </Choices>');
    }
    lines.push('  </View>');
  }
  lines.push('</View>', '');
  return lines.join('\n');
}
