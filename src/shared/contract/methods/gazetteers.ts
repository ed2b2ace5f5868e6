import { z } from 'zod';
import { defineMethod } from '../defineMethod';
import { Attributes, Id, Timestamp } from '../schemas';

/** Limits of a gazetteer (docs/formats.md, "Gazetteers"). */
export const GAZETTEER_LIMITS = {
  nameLength: 100,
  formLength: 200,
  variants: 32,
  entries: 200_000,
  fileBytes: 64 * 1024 * 1024,
} as const;

/**
 * How an entry's forms are matched, beyond its label's defaults (case-sensitive names for ACTOR
 * and LOCATION, case-insensitive WEAPON nouns): `exact` resets to no folding and case-sensitive,
 * then each other keyword turns one fold on or off.
 */
export const MatchKeyword = z.enum(['exact', 'ignore-case', 'match-case', 'ignore-diacritics', 'ignore-hyphens', 'fold-alef']);
export type MatchKeyword = z.infer<typeof MatchKeyword>;

/** A gazetteer's name: what `origin_source` records as `gazetteer:<name>`. */
export const GazetteerName = z
  .string()
  .trim()
  .min(1)
  .max(GAZETTEER_LIMITS.nameLength)
  .regex(/^[^\p{Cc}:]+$/u, 'a gazetteer name has no colon or control character');

/** One entry of a list: its canonical written form, label, attributes, other written forms and match keywords. */
export const GazetteerEntry = z.strictObject({
  surface: z.string().min(1).max(GAZETTEER_LIMITS.formLength),
  label: z.string().min(1).max(64),
  attributes: Attributes.default({}),
  variants: z.array(z.string().min(1).max(GAZETTEER_LIMITS.formLength)).max(GAZETTEER_LIMITS.variants).default([]),
  match: z.array(MatchKeyword).max(6).default([]),
});
export type GazetteerEntry = z.infer<typeof GazetteerEntry>;

/** A stored list, as the Suggestions view shows it. */
export const GazetteerInfo = z.object({
  id: Id,
  name: z.string(),
  fileName: z.string().nullable(),
  entryCount: z.number().int().nonnegative(),
  entriesPerLabel: z.record(z.string(), z.number().int().nonnegative()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type GazetteerInfo = z.infer<typeof GazetteerInfo>;

/** What a gazetteer import did (the result of its job). */
export const GazetteerImportSummary = z.object({
  gazetteer: GazetteerInfo,
  replaced: z.boolean(),
  duplicates: z.number().int().nonnegative(),
  suggestionsRemoved: z.number().int().nonnegative(),
});
export type GazetteerImportSummary = z.infer<typeof GazetteerImportSummary>;

export const gazetteerMethods = {
  'gazetteers.list': defineMethod({
    description: "The project's gazetteers (lists of actors, places and weapons that suggestions match), with their entries per label.",
    input: z.strictObject({ projectId: Id.optional() }),
    output: z.array(GazetteerInfo),
  }),
  'gazetteers.import': defineMethod({
    description:
      'Imports a gazetteer from a CSV or JSONL file (a handle from files.pick or an upload) as a background job (poll jobs.get), all or nothing; ' +
      'a list with the same name is replaced whole. A bad file fails the job with its file, line and field.',
    input: z.strictObject({
      handle: Id,
      name: GazetteerName.optional(),
      format: z.enum(['csv', 'jsonl']).optional(),
      projectId: Id.optional(),
    }),
    output: z.object({ jobId: Id }),
  }),
  'gazetteers.remove': defineMethod({
    description: 'Removes a gazetteer and the suggestions it made that nobody has answered yet (accepted spans stay).',
    input: z.strictObject({ id: Id }),
    output: z.object({ removed: z.boolean(), suggestionsRemoved: z.number().int().nonnegative() }),
  }),
};
