import type { LossEntry } from '../../shared/contract/methods/exports';
import type { ExportDocument, ExportSpan } from './exportTypes';

const EXAMPLES = 5;

const REASONS: Record<LossEntry['kind'], string> = {
  overlapping_span: 'the format gives each token one tag, so a span overlapping one already kept (earlier start, then longer) was left out',
  unaligned_span: 'a span must start and end at token boundaries (the project tokenizer) to be written as tokens; these do not',
  attribute_value: 'the format has no place for span attributes',
  null_attribute_value: 'an attribute set to null (cleared) has no form in this format and was left out',
};

/**
 * What an export could not write, per kind, with counts and the first few cases: the lossiness
 * report of the manifest and the summary. Nothing is dropped without passing through here.
 */
export class LossReport {
  private readonly entries = new Map<LossEntry['kind'], LossEntry>();

  /** Records one loss (a span, or `count` attribute values of a span). */
  add(kind: LossEntry['kind'], document: ExportDocument, span: ExportSpan, count = 1, reason = REASONS[kind]): void {
    if (count <= 0) return;
    let entry = this.entries.get(kind);
    if (!entry) {
      entry = { kind, count: 0, reason, examples: [] };
      this.entries.set(kind, entry);
    }
    entry.count += count;
    if (entry.examples.length < EXAMPLES) {
      entry.examples.push({ documentId: document.id, spanId: span.id, label: span.label, text: span.text, start: span.start, end: span.end });
    }
  }

  /** The report, in a fixed order of kinds. */
  list(): LossEntry[] {
    return (Object.keys(REASONS) as LossEntry['kind'][]).flatMap((kind) => {
      const entry = this.entries.get(kind);
      return entry ? [entry] : [];
    });
  }
}
