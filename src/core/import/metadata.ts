import { LIMITS } from '../../shared/contract/limits';
import type { DocumentRecord } from '../../shared/contract/methods/documents';

export type Metadata = DocumentRecord['metadata'];

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_KEYS = 64;
const MAX_LIST = 64;

/**
 * Turns a source's extra fields into document metadata the store and the contract accept:
 * strings (up to the attribute-text limit), whole numbers, booleans, null, lists of strings.
 * Other numbers and small objects are kept as their JSON text; what cannot be kept is named in
 * `dropped` so the summary can say so.
 */
export function toMetadata(fields: Record<string, unknown>): { metadata: Metadata; dropped: string[] } {
  const metadata: Metadata = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (FORBIDDEN.has(key) || key.length === 0 || key.length > LIMITS.nameLength) {
      dropped.push(`${key.slice(0, 40)} (name not allowed)`);
      continue;
    }
    if (Object.keys(metadata).length >= MAX_KEYS) {
      dropped.push(`${key} (more than ${MAX_KEYS} fields)`);
      continue;
    }
    const kept = keepValue(value);
    if (kept === undefined) dropped.push(`${key} (value too long or not text)`);
    else metadata[key] = kept;
  }
  return { metadata, dropped };
}

function keepValue(value: unknown): Metadata[string] | undefined {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    return Number.isFinite(value) ? String(value) : undefined;
  }
  if (typeof value === 'string') return value.length <= LIMITS.attributeTextLength && value.isWellFormed() && !value.includes('\u0000') ? value : undefined;
  if (Array.isArray(value) && value.length <= MAX_LIST && value.every((item) => typeof item === 'string')) {
    const list: string[] = value;
    return list.every((item) => item.length <= LIMITS.attributeTextLength && item.isWellFormed() && !item.includes('\u0000')) ? list : undefined;
  }
  if (typeof value === 'object') {
    const json = JSON.stringify(value);
    return json.length <= LIMITS.attributeTextLength ? json : undefined;
  }
  return undefined;
}
