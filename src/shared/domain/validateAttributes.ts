import type { AttributeValue } from '../contract/schemas';
import type { LabelDef } from './labelSchema';

export type AttributeIssue = { attribute: string; message: string };

/**
 * Checks span attributes against a label's definition: unknown names, wrong kinds, enum values
 * outside the list, integers out of range. Missing required attributes are reported separately by
 * {@link missingRequiredAttributes}, because a span may be saved before its attributes are filled.
 */
export function validateAttributes(label: LabelDef, attributes: Record<string, AttributeValue>): AttributeIssue[] {
  const issues: AttributeIssue[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    const definition = label.attributes.find((attribute) => attribute.name === name);
    if (!definition) {
      issues.push({ attribute: name, message: `${label.name} has no attribute "${name}"` });
      continue;
    }
    if (value === null) continue;
    switch (definition.type) {
      case 'enum':
        if (typeof value !== 'string' || !definition.values.includes(value)) {
          issues.push({ attribute: name, message: `"${String(value)}" is not one of ${definition.values.join(', ')}` });
        }
        break;
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          issues.push({ attribute: name, message: `expected a whole number, got ${JSON.stringify(value)}` });
        } else if ((definition.min !== undefined && value < definition.min) || (definition.max !== undefined && value > definition.max)) {
          issues.push({ attribute: name, message: `${value} is outside ${definition.min ?? '-∞'}..${definition.max ?? '∞'}` });
        }
        break;
      case 'boolean':
        if (typeof value !== 'boolean') issues.push({ attribute: name, message: `expected true or false, got ${JSON.stringify(value)}` });
        break;
      case 'text':
        if (typeof value !== 'string') issues.push({ attribute: name, message: `expected text, got ${JSON.stringify(value)}` });
        else if (value.length > definition.maxLength) issues.push({ attribute: name, message: `longer than ${definition.maxLength} characters` });
        break;
    }
  }
  return issues;
}

/** Names of required attributes that have no value yet. */
export function missingRequiredAttributes(label: LabelDef, attributes: Record<string, AttributeValue>): string[] {
  return label.attributes
    .filter((attribute) => attribute.required)
    .filter((attribute) => attributes[attribute.name] === undefined || attributes[attribute.name] === null || attributes[attribute.name] === '')
    .map((attribute) => attribute.name);
}
