import { z } from 'zod';
import { LIMITS } from './limits';

/** Keys that would reach an object's prototype if copied blindly into a plain object. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** An opaque id (UUID for rows the app creates; imported external ids go elsewhere). */
export const Id = z
  .string()
  .min(1)
  .max(LIMITS.idLength)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, _ or -');

/** A short human-readable name. */
export const Name = z.string().trim().min(1).max(LIMITS.nameLength);

/** A code-point offset into a document's text. */
export const Offset = z.number().int().nonnegative().max(LIMITS.documentLength);

/** An ISO-8601 timestamp as the store writes it. */
export const Timestamp = z.string().max(40);

/** One attribute value: the schema says which kind each attribute takes. */
export const AttributeValue = z.union([
  z.string().max(LIMITS.attributeTextLength),
  z.number().int().min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  z.boolean(),
  z.null(),
]);
export type AttributeValue = z.infer<typeof AttributeValue>;

/**
 * A record whose keys can never touch a prototype (`__proto__`, `constructor`, `prototype` are
 * refused) and whose size is bounded. Use it for every user-keyed object crossing a boundary.
 */
export function safeRecord<V extends z.ZodType>(value: V, maxKeys: number) {
  return z.record(z.string().min(1).max(LIMITS.nameLength), value).superRefine((record, ctx) => {
    const keys = Object.keys(record);
    if (keys.length > maxKeys) {
      ctx.addIssue({ code: 'custom', message: `at most ${maxKeys} keys are allowed, got ${keys.length}` });
    }
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key)) ctx.addIssue({ code: 'custom', message: `key "${key}" is not allowed`, path: [key] });
    }
  });
}

/** Span attributes as they cross a boundary. */
export const Attributes = safeRecord(AttributeValue, LIMITS.attributesPerSpan);
export type Attributes = z.infer<typeof Attributes>;

/** Checks a raw payload for keys that could pollute prototypes, at any depth. */
export function findForbiddenKey(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return [...path, key];
    const found = findForbiddenKey((value as Record<string, unknown>)[key], [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
