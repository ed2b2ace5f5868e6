import { z } from 'zod';
import { WorkbenchError } from '../errors';
import { listGazetteers, readGazetteerEntries, writeGazetteer } from '../store/gazetteers';
import { clearSourceSuggestions } from '../store/suggestions';
import type { ServiceContext } from '../services/context';
import { requireProject } from '../services/session';
import { GAZETTEER_LIMITS, GazetteerEntry, GazetteerName } from '../../shared/contract/methods/gazetteers';
import { checkGazetteerEntries } from './gazetteerFile';
import { gazetteerSource } from './sources';

/**
 * A project's gazetteers as one JSON-able value, for the "project resources" of an assignment
 * package (registered in team/projectResources.ts): the lead's lists travel with the documents, so an annotator's suggestions
 * match the lead's. Entries keep their list order; file lines are not carried.
 */
export const GazetteerBundle = z.strictObject({
  format: z.literal('awb-gazetteers'),
  version: z.literal(1),
  gazetteers: z
    .array(z.strictObject({ name: GazetteerName, fileName: z.string().max(255).nullable(), entries: z.array(GazetteerEntry).max(GAZETTEER_LIMITS.entries) }))
    .max(100),
});
export type GazetteerBundle = z.infer<typeof GazetteerBundle>;

/** Serialises every gazetteer of a project (see {@link GazetteerBundle}). */
export function exportProjectGazetteers(ctx: ServiceContext, projectId: string): GazetteerBundle {
  requireProject(ctx, projectId);
  return {
    format: 'awb-gazetteers',
    version: 1,
    gazetteers: listGazetteers(ctx.db, projectId).map((gazetteer) => ({
      name: gazetteer.name,
      fileName: gazetteer.fileName,
      entries: [...readGazetteerEntries(ctx.db, gazetteer.id)].map(({ line: _line, ...entry }) => entry),
    })),
  };
}

/**
 * Loads gazetteers from a {@link GazetteerBundle} into a project, all or nothing: every list is
 * checked against the project's schema first (a bad value is refused naming the list, entry and
 * field), then each replaces the list of the same name in one transaction. Lists of the project
 * that the bundle does not name are kept. Returns the names loaded.
 */
export function importProjectGazetteers(ctx: ServiceContext, projectId: string, value: unknown): string[] {
  const project = requireProject(ctx, projectId);
  const parsed = GazetteerBundle.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WorkbenchError(
      'invalid_input',
      `The package's gazetteers are not valid at ${issue?.path.join('.') ?? '(root)'}: ${issue?.message ?? 'unknown problem'}.`,
    );
  }
  const names = new Set<string>();
  const checked = parsed.data.gazetteers.map((gazetteer, listIndex) => {
    if (names.has(gazetteer.name)) throw new WorkbenchError('invalid_input', `The package names the gazetteer “${gazetteer.name}” twice.`);
    names.add(gazetteer.name);
    const content = checkGazetteerEntries(
      project.schema,
      `package gazetteer “${gazetteer.name}”`,
      gazetteer.entries.map((entry, index) => ({ entry, line: null, fieldPrefix: `gazetteers[${listIndex}].entries[${index}].` })),
    );
    return { ...gazetteer, entries: content.entries };
  });
  ctx.db
    .transaction(() => {
      for (const gazetteer of checked) {
        const previous = writeGazetteer(
          ctx.db,
          { id: ctx.newId(), projectId, name: gazetteer.name, fileName: gazetteer.fileName, now: ctx.now() },
          gazetteer.entries,
        );
        if (previous) clearSourceSuggestions(ctx.db, projectId, gazetteerSource(gazetteer.name));
      }
    })
    .immediate();
  return checked.map((gazetteer) => gazetteer.name);
}
