import type { FieldMapping } from '../../shared/contract/methods/imports';

/** The mapping an import uses, each entry a field name present in the source or null. */
export type ResolvedMapping = { text: string | null; title: string | null; source: string | null; date: string | null; id: string | null };

/** The field names tried when the user picks none (the defaults, then common synonyms). */
const DEFAULTS: Record<keyof ResolvedMapping, string[]> = {
  text: ['text', 'body', 'content', 'article'],
  title: ['title', 'headline'],
  source: ['source', 'outlet', 'publisher'],
  date: ['date', 'published_at', 'published', 'publication_date'],
  id: ['id', 'external_id', 'doc_id'],
};

/**
 * Resolves the user's mapping against the fields a source has: an explicit choice is kept as is
 * (null leaves the field out); otherwise the first default present, matched case-insensitively.
 */
export function resolveMapping(available: readonly string[], chosen: FieldMapping | undefined): ResolvedMapping {
  const pick = (key: keyof ResolvedMapping): string | null => {
    const explicit = chosen?.[key];
    if (explicit !== undefined) return explicit;
    for (const candidate of DEFAULTS[key]) {
      const found = available.find((field) => field.toLowerCase() === candidate);
      if (found !== undefined) return found;
    }
    return null;
  };
  return { text: pick('text'), title: pick('title'), source: pick('source'), date: pick('date'), id: pick('id') };
}

/**
 * The value of a source record's own field, or undefined. A field name comes from the user, so it
 * may be "valueOf" or "__proto__": those must not reach what every object inherits.
 */
export function ownField(record: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/** A metadata value as a string field (ids and dates may arrive as numbers), or null. */
export function asTextField(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}
