import type { AttributeValue } from '../../shared/contract/schemas';
import type { AgreementSpan } from './types';

/**
 * One annotator's live spans on one document as a single string, built by SQLite: a row per span
 * costs better-sqlite3 a JavaScript array and a value per column (about 1 µs a span; a
 * 10,000-document corpus has over a million spans), while one string per document and annotator
 * costs SQLite little and is cut up here without a row object.
 *
 * Each span is `start␟end␟label␟id␟attributes_json` (␟ = U+001F), spans joined by ␞ (U+001E).
 * Valid JSON never holds a raw control character, and offsets are digits, so only a label or an
 * id could hold a separator: then the group does not cut into exactly `count` spans of exactly
 * five fields, and {@link unpackSpans} answers null so that the caller reads that group row by row.
 */
export const PACKED_SPANS_SQL = `count(*), group_concat(concat_ws(char(31), n.start, n."end", n.label, n.id, n.attributes_json), char(30))`;

/**
 * Cuts a packed group into spans, or null when it does not cut cleanly (a separator inside a label
 * or id). Labels are shared strings (a corpus has a handful), and attribute objects are shared
 * through `attributes` (see {@link AttributeCache}).
 */
export function unpackSpans(packed: string, count: number, labels: LabelInterner, attributes: AttributeCache): AgreementSpan[] | null {
  const spans: AgreementSpan[] = [];
  let at = 0;
  for (let k = 0; k < count; k++) {
    let spanEnd = packed.indexOf('\u001e', at);
    if (spanEnd < 0) spanEnd = packed.length;
    // Exactly four field separators inside the span, none more: a separator in a label or id breaks this.
    const f1 = packed.indexOf('\u001f', at);
    const f2 = f1 < 0 ? -1 : packed.indexOf('\u001f', f1 + 1);
    const f3 = f2 < 0 ? -1 : packed.indexOf('\u001f', f2 + 1);
    const f4 = f3 < 0 ? -1 : packed.indexOf('\u001f', f3 + 1);
    if (f4 < 0 || f4 >= spanEnd) return null;
    const f5 = packed.indexOf('\u001f', f4 + 1);
    if (f5 >= 0 && f5 < spanEnd) return null;
    const start = digitsAt(packed, at, f1);
    const end = digitsAt(packed, f1 + 1, f2);
    if (start < 0 || end < 0 || f3 === f2 + 1 || f4 === f3 + 1) return null;
    // A label holding both separators can put label text where the attributes belong.
    const parsed = attributes.tryParse(packed.slice(f4 + 1, spanEnd));
    if (!parsed) return null;
    spans.push({
      id: packed.slice(f3 + 1, f4),
      start,
      end,
      label: labels.take(packed, f2 + 1, f3),
      attributes: parsed,
    });
    at = spanEnd + 1;
  }
  // Every span taken, and nothing after the last: a span separator in a label or id leaves some over.
  return at === packed.length + 1 ? spans : null;
}

/** The non-negative integer written in packed[from, to), or −1 when it is not only digits. */
function digitsAt(packed: string, from: number, to: number): number {
  if (to <= from || to - from > 15) return -1;
  let value = 0;
  for (let i = from; i < to; i++) {
    const code = packed.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return -1;
    value = value * 10 + code - 0x30;
  }
  return value;
}

/**
 * The labels met so far, so that a million spans share a handful of label strings (comparisons
 * and map lookups on a shared string are cheaper than on a fresh copy each time).
 */
export class LabelInterner {
  private readonly known: string[] = [];

  /** The label in packed[from, to), as a shared string. */
  take(packed: string, from: number, to: number): string {
    const length = to - from;
    for (const label of this.known) {
      if (label.length === length && packed.startsWith(label, from)) return label;
    }
    const label = packed.slice(from, to);
    // Bounded: a project has few labels; past that, copies are fine.
    if (this.known.length < 64) this.known.push(label);
    return label;
  }
}

/**
 * Parsed attribute objects, shared between spans with the same JSON (most spans of a label carry
 * one of a few combinations), so a corpus of a million spans parses a few thousand strings.
 */
export class AttributeCache {
  private readonly parsed = new Map<string, Readonly<Record<string, AttributeValue>>>();

  /** The attributes of a stored span (its `attributes_json`, always an object when written by the core). */
  parse(json: string, spanId: string): Readonly<Record<string, AttributeValue>> {
    const value = this.tryParse(json);
    if (!value) throw new Error(`The attributes of span ${spanId} are not a JSON object: ${json.slice(0, 80)}`);
    return value;
  }

  /** The attributes in `json`, or null when it is not a JSON object. */
  tryParse(json: string): Readonly<Record<string, AttributeValue>> | null {
    let value = this.parsed.get(json);
    if (value === undefined) {
      let object: unknown;
      try {
        object = JSON.parse(json);
      } catch {
        return null;
      }
      if (typeof object !== 'object' || object === null || Array.isArray(object)) return null;
      value = Object.freeze(object as Record<string, AttributeValue>);
      // Bounded: free text attributes could make every string different.
      if (this.parsed.size >= 10_000) this.parsed.clear();
      this.parsed.set(json, value);
    }
    return value;
  }
}
