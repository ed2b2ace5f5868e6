import { parseCasualtyCount } from '../casualty/parseCasualtyCount';
import type { AttributeValue } from '../contract/schemas';
import { defaultAttributes, type LabelDef } from './labelSchema';

/** The label whose attributes are read from its text. */
const CASUALTY_LABEL = 'CASUALTY_COUNT';

/**
 * Attribute values a span's own text implies: for CASUALTY_COUNT, `value` and `qualifier` from
 * the number phrase ("at least 40" gives 40, at_least). Only attributes the label defines, with
 * values it accepts, are returned; the annotator may correct each one.
 */
export function prefillAttributes(label: LabelDef, quote: string): Record<string, AttributeValue> {
  if (label.name !== CASUALTY_LABEL) return {};
  const parsed = parseCasualtyCount(quote);
  if (!parsed) return {};
  const values: Record<string, AttributeValue> = {};
  const valueDef = label.attributes.find((attribute) => attribute.name === 'value');
  if (valueDef?.type === 'integer' && parsed.value !== null && (valueDef.min === undefined || parsed.value >= valueDef.min)) values.value = parsed.value;
  const qualifierDef = label.attributes.find((attribute) => attribute.name === 'qualifier');
  if (qualifierDef?.type === 'enum' && qualifierDef.values.includes(parsed.qualifier)) values.qualifier = parsed.qualifier;
  return values;
}

/**
 * After a span's text changed (grown or shrunk), re-reads the implied attributes, but only those
 * the annotator has not corrected: an attribute still equal to what the old text implied (or to
 * its default, or unset) follows the new text; a corrected one stays.
 */
export function refreshPrefill(
  label: LabelDef,
  oldQuote: string,
  newQuote: string,
  attributes: Record<string, AttributeValue>,
): Record<string, AttributeValue> {
  const before = prefillAttributes(label, oldQuote);
  const after = prefillAttributes(label, newQuote);
  const defaults: Record<string, AttributeValue> = defaultAttributes(label);
  const next = { ...attributes };
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const current = next[name];
    const untouched = current === undefined || current === null || current === (before[name] ?? defaults[name]);
    if (!untouched) continue;
    const value = after[name];
    if (value !== undefined) next[name] = value;
    else if (defaults[name] !== undefined) next[name] = defaults[name];
    else delete next[name];
  }
  return next;
}
