import type { AttributeDef } from '../../../shared/domain/labelSchema';
import type { AttributeValue } from '../../../shared/contract/schemas';
import type { ExportRecord } from '../exportTypes';
import type { DocumentWriter, ExtraFile, WriterContext } from './writerTypes';

/**
 * A span's fragments: brat's .ann format is line-based, so a span that crosses a line break is
 * written the way brat itself writes one, as a discontinuous span of the pieces between the line
 * breaks (`T1<TAB>LOCATION 10 15;16 22<TAB>piece one piece two`). Offsets in code points.
 */
export function bratFragments(span: { start: number; text: string }): { start: number; end: number; text: string }[] {
  const fragments: { start: number; end: number; text: string }[] = [];
  let offset = span.start;
  let current: { start: number; end: number; text: string } | null = null;
  for (const char of span.text) {
    if (char === '\n' || char === '\r') current = null;
    else if (current) {
      current.end++;
      current.text += char;
    } else {
      current = { start: offset, end: offset + 1, text: char };
      fragments.push(current);
    }
    offset++;
  }
  return fragments;
}

/** How brat holds an attribute: as a valued attribute (enum, boolean) or in a note (integer, text). */
function heldAsAttribute(definition: AttributeDef | undefined): boolean {
  return definition?.type === 'enum' || definition?.type === 'boolean';
}

/**
 * brat standoff: `<document id>.txt` with the text exactly as stored (line breaks as imported) and
 * `<document id>.ann` with a `T` line per span, an `A` line per enum or boolean attribute
 * (booleans as the values `true`/`false`, so false survives), and one `#` AnnotatorNotes line per
 * span holding its integer and text attributes as a JSON object. annotation.conf and visual.conf
 * describe the schema for brat.
 */
export function bratWriter(ctx: WriterContext): DocumentWriter {
  const definitions = new Map(ctx.schema.labels.map((label) => [label.name, new Map(label.attributes.map((attribute) => [attribute.name, attribute]))]));
  return {
    kind: 'documents',
    offsetUnit: 'codepoint',
    annotators: 'none',
    extraFiles: () => bratConfigFiles(ctx),
    render(record: ExportRecord) {
      const { document } = record;
      const lines: string[] = [];
      let attributeNumber = 0;
      let noteNumber = 0;
      record.spans.forEach((span, index) => {
        const id = `T${index + 1}`;
        const fragments = bratFragments(span);
        for (const fragment of fragments) {
          ctx.verifier.check(document.text, fragment.start, fragment.end, fragment.text, 'codepoint', {
            documentId: document.id,
            spanId: span.id,
            format: 'brat',
          });
        }
        lines.push(
          `${id}\t${span.label} ${fragments.map((fragment) => `${fragment.start} ${fragment.end}`).join(';')}\t${fragments.map((f) => f.text).join(' ')}`,
        );
        const notes: Record<string, AttributeValue> = {};
        for (const [name, value] of Object.entries(span.attributes)) {
          if (value === null) {
            ctx.loss.add('null_attribute_value', document, span);
            continue;
          }
          if (heldAsAttribute(definitions.get(span.label)?.get(name))) lines.push(`A${++attributeNumber}\t${name} ${id} ${String(value)}`);
          else notes[name] = value;
        }
        if (Object.keys(notes).length > 0) lines.push(`#${++noteNumber}\tAnnotatorNotes ${id}\t${JSON.stringify(notes)}`);
      });
      return {
        files: [
          { path: `${document.id}.txt`, content: document.text },
          { path: `${document.id}.ann`, content: lines.length > 0 ? `${lines.join('\n')}\n` : '' },
        ],
        written: record.spans,
      };
    },
  };
}

/** annotation.conf (entities and attributes) and visual.conf (label colours) for brat. */
function bratConfigFiles(ctx: WriterContext): ExtraFile[] {
  const chosen = ctx.schema.labels.filter((label) => ctx.labels.includes(label.name));
  // brat attribute names are global: one line per name, for every label that has it.
  const attributes = new Map<string, { labels: string[]; values: string[] }>();
  for (const label of chosen) {
    for (const attribute of label.attributes) {
      if (!heldAsAttribute(attribute)) continue;
      const values = attribute.type === 'enum' ? attribute.values : ['true', 'false'];
      const entry = attributes.get(attribute.name) ?? { labels: [], values: [] };
      entry.labels.push(label.name);
      for (const value of values) if (!entry.values.includes(value)) entry.values.push(value);
      attributes.set(attribute.name, entry);
    }
  }
  const annotationConf = [
    `# brat configuration for "${ctx.projectName.replace(/\s+/g, ' ')}" (schema version ${ctx.schema.version}), written by Annotation Workbench.`,
    '# Integer and text attributes are in each span\'s AnnotatorNotes ("#" lines) as a JSON object.',
    '[entities]',
    ...chosen.map((label) => label.name),
    '',
    '[relations]',
    '',
    '[events]',
    '',
    '[attributes]',
    ...[...attributes.entries()].map(([name, entry]) => `${name}\tArg:${entry.labels.join('|')}, Value:${entry.values.join('|')}`),
    '',
  ].join('\n');
  const visualConf = [
    '[labels]',
    ...chosen.map(
      (label) =>
        `${label.name} | ${label.name
          .replace(/_/g, ' ')
          .toLowerCase()
          .replace(/^./, (c) => c.toUpperCase())}`,
    ),
    '',
    '[drawing]',
    ...chosen.map((label) => `${label.name}\tbgColor:${label.color}`),
    '',
  ].join('\n');
  return [
    { path: 'annotation.conf', content: annotationConf },
    { path: 'visual.conf', content: visualConf },
  ];
}
