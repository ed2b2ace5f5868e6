import { randomUUID } from 'node:crypto';
import type { DocumentStatus } from '../../shared/contract/methods/documents';
import type { ExportOptionsInput, ExportSummary } from '../../shared/contract/methods/exports';
import { ExportOptions } from '../../shared/contract/methods/exports';
import type { AttributeValue } from '../../shared/contract/schemas';
import { LabelSchema } from '../../shared/domain/labelSchema';
import { runExport, type ExportTarget } from '../export/runExport';
import type { JobControl } from '../import/runImport';
import { openJobConnection } from '../jobs/openJobConnection';
import { addDocument } from '../services/addDocument';
import { defaultLabelSchema } from '../services/firstRun';
import { activeProject } from '../services/session';
import { insertAnnotation } from '../store/annotations';
import { insertAnnotator } from '../store/annotators';
import { setDocumentStatus } from '../store/documentStatus';
import type { Workbench } from '../workbench';
import { openTestWorkbench, quietLogger } from './importHarness';

/**
 * The export tests' schema: the guidelines' schema, with overlaps allowed and a boolean and a
 * text attribute added, so every attribute kind and overlapping spans are exercised.
 */
export function exportTestSchema(): LabelSchema {
  const schema = defaultLabelSchema();
  return LabelSchema.parse({
    ...schema,
    allowOverlap: true,
    labels: schema.labels.map((label) =>
      label.name === 'ACTOR'
        ? { ...label, attributes: [...label.attributes, { name: 'confirmed', type: 'boolean' }] }
        : label.name === 'LOCATION'
          ? { ...label, attributes: [...label.attributes, { name: 'note', type: 'text' }] }
          : label,
    ),
  });
}

/** Gives the active project a schema (tests only; the schema editor is another issue). */
export function setProjectSchema(workbench: Workbench, schema: LabelSchema): void {
  const project = activeProject(workbench.context);
  workbench.db.prepare('UPDATE project SET schema_json = ?, schema_version = ? WHERE id = ?').run(JSON.stringify(schema), schema.version, project.id);
}

/** Code-point offsets of the `occurrence`-th appearance of `part` in `text`. */
export function cp(text: string, part: string, occurrence = 1): { start: number; end: number } {
  let index = -1;
  for (let n = 0; n < occurrence; n++) {
    index = text.indexOf(part, index + 1);
    if (index < 0) throw new Error(`"${part}" is not in the text`);
  }
  const start = Array.from(text.slice(0, index)).length;
  return { start, end: start + Array.from(part).length };
}

/** The fixture texts: emoji, a ZWJ family and a skin-toned ZWJ sequence, NFD combining marks, Arabic with harakat, CRLF. */
export const TEXTS = {
  emoji: "Drone footage 🚁 showed smoke over Kharkiv's rail yard on Monday; 3 soldiers were wounded, the army said.",
  zwj: 'The family 👨‍👩‍👧 fled Mosul on foot after 👩🏽‍🚒 crews withdrew from the old city, witnesses said.',
  combining: 'Militia fighters entered Be\u0301ziers-sur-Oued at dawn and killed 12 civilians in the market.',
  arabic: 'قَصَفَتْ طائرةٌ مسيّرةٌ مخزناً للوقود في دير الزور وقُتِلَ خمسةُ حراس.',
  crlf: 'Rockets hit the airport\r\nAt least two rockets struck the perimeter of Erbil\r\nInternational Airport on Tuesday, officials said.\r\n',
} as const;

type SpanSeed = { doc: keyof typeof TEXTS; part: string; occurrence?: number; label: string; attributes?: Record<string, AttributeValue>; layer?: 'gold' };

/** Who marked what. Ana, Ben and Chloe annotate; Lina adjudicates (gold). */
const SPANS: Record<string, SpanSeed[]> = {
  Ana: [
    { doc: 'emoji', part: 'Drone', label: 'WEAPON', attributes: { category: 'uav_drone' } },
    { doc: 'emoji', part: 'Kharkiv', label: 'LOCATION', attributes: { granularity: 'populated_place', note: 'city "Kharkiv"\tcentre' } },
    { doc: 'emoji', part: '3', label: 'CASUALTY_COUNT', attributes: { value: 3, qualifier: 'exact', status: 'injured' } },
    { doc: 'emoji', part: 'the army', label: 'ACTOR', attributes: { actor_type: 'state_force', confirmed: false } },
    { doc: 'zwj', part: 'Mosul', label: 'LOCATION', attributes: { granularity: 'populated_place' } },
    { doc: 'zwj', part: '👩🏽‍🚒 crews', label: 'ACTOR', attributes: { actor_type: 'civilian', confirmed: true } },
    { doc: 'zwj', part: 'The family 👨‍👩‍👧', label: 'ACTOR', attributes: { actor_type: 'civilian' } },
    { doc: 'combining', part: 'Militia fighters', label: 'ACTOR', attributes: { actor_type: 'non_state_armed', side: 'unknown' } },
    { doc: 'combining', part: 'Be\u0301ziers-sur-Oued', label: 'LOCATION', attributes: { granularity: 'populated_place', note: null } },
    { doc: 'combining', part: '12 civilians', label: 'CASUALTY_COUNT', attributes: { value: 12, status: 'killed', victim_type: 'civilian' } },
    { doc: 'combining', part: '12', label: 'CASUALTY_COUNT', attributes: { value: 12 } },
    { doc: 'arabic', part: 'طائرةٌ مسيّرةٌ', label: 'WEAPON', attributes: { category: 'uav_drone' } },
    { doc: 'arabic', part: 'دير الزور', label: 'LOCATION', attributes: { granularity: 'admin1' } },
    { doc: 'arabic', part: 'خمسةُ', label: 'CASUALTY_COUNT', attributes: { value: 5, status: 'killed' } },
    { doc: 'crlf', part: 'Rockets', label: 'WEAPON', attributes: { category: 'rocket' } },
    { doc: 'crlf', part: 'Erbil\r\nInternational Airport', label: 'LOCATION', attributes: { granularity: 'site' } },
    { doc: 'crlf', part: 'two', label: 'CASUALTY_COUNT' },
    { doc: 'crlf', part: 'officials', label: 'ACTOR', attributes: { actor_type: 'state_political' } },
  ],
  Ben: [
    { doc: 'emoji', part: 'Kharkiv', label: 'LOCATION', attributes: { granularity: 'populated_place' } },
    { doc: 'emoji', part: '3 soldiers', label: 'CASUALTY_COUNT', attributes: { value: 3, qualifier: 'exact' } },
    { doc: 'emoji', part: 'the army', label: 'ACTOR', attributes: { actor_type: 'state_force' } },
    { doc: 'zwj', part: 'Mosul', label: 'LOCATION', attributes: { granularity: 'admin2' } },
    { doc: 'combining', part: 'Be\u0301ziers-sur-Oued', label: 'LOCATION' },
    { doc: 'arabic', part: 'دير الزور', label: 'LOCATION', attributes: { granularity: 'admin1' } },
  ],
  Chloe: [
    { doc: 'emoji', part: 'Kharkiv', label: 'LOCATION', attributes: { granularity: 'admin1' } },
    { doc: 'emoji', part: 'the army', label: 'ACTOR' },
    { doc: 'zwj', part: 'Mosul', label: 'LOCATION', attributes: { granularity: 'populated_place' } },
  ],
  Lina: [
    { doc: 'emoji', part: 'Kharkiv', label: 'LOCATION', attributes: { granularity: 'populated_place' }, layer: 'gold' },
    { doc: 'emoji', part: '3 soldiers', label: 'CASUALTY_COUNT', attributes: { value: 3, qualifier: 'exact', status: 'injured' }, layer: 'gold' },
    { doc: 'combining', part: 'Militia fighters', label: 'ACTOR', attributes: { actor_type: 'non_state_armed' }, layer: 'gold' },
  ],
};

/** Statuses per annotator and document (anything not listed is todo). */
const STATUSES: Record<string, Partial<Record<keyof typeof TEXTS, DocumentStatus>>> = {
  Ana: { emoji: 'done', zwj: 'done', combining: 'done', arabic: 'done', crlf: 'done' },
  Ben: { emoji: 'done', zwj: 'done', combining: 'done', arabic: 'in_progress' },
  Chloe: { emoji: 'done', zwj: 'done' },
  Lina: { emoji: 'done', combining: 'in_progress' },
};

export type SeededCorpus = { documentIds: Record<keyof typeof TEXTS, string>; annotatorIds: Record<string, string> };

/** Adds the fixture documents, annotators, spans and statuses to a workbench's active project. */
export function seedExportCorpus(workbench: Workbench, order: (keyof typeof TEXTS)[] = Object.keys(TEXTS) as (keyof typeof TEXTS)[]): SeededCorpus {
  const ctx = workbench.context;
  setProjectSchema(workbench, exportTestSchema());
  const project = activeProject(ctx);
  return workbench.db.transaction(() => {
    const documentIds = {} as Record<keyof typeof TEXTS, string>;
    order.forEach((key, index) => {
      documentIds[key] = addDocument(ctx, {
        projectId: project.id,
        title: `Fixture ${key}`,
        text: TEXTS[key],
        source: 'Fixture desk',
        publishedAt: `2024-03-0${index + 1}`,
        externalId: `fixture-${key}`,
        metadata: { language: key === 'arabic' ? 'ar' : 'en', tags: ['fixture', key] },
      }).id;
    });
    const annotatorIds: Record<string, string> = {};
    for (const name of Object.keys(SPANS)) {
      const id = randomUUID();
      annotatorIds[name] = id;
      insertAnnotator(workbench.db, { id, name, role: name === 'Lina' ? 'adjudicator' : 'annotator', createdAt: ctx.now() });
      for (const seed of SPANS[name] ?? []) {
        const text = TEXTS[seed.doc];
        const { start, end } = cp(text, seed.part, seed.occurrence);
        const now = ctx.now();
        insertAnnotation(workbench.db, {
          id: randomUUID(),
          documentId: documentIds[seed.doc],
          annotatorId: id,
          layer: seed.layer ?? 'annotator',
          start,
          end,
          label: seed.label,
          attributes: seed.attributes ?? {},
          quote: seed.part,
          origin: seed.layer === 'gold' ? 'adjudicated' : 'manual',
          originSource: null,
          revision: 1,
          createdAt: now,
          updatedAt: now,
          deleted: false,
        });
      }
      for (const [doc, status] of Object.entries(STATUSES[name] ?? {})) {
        setDocumentStatus(workbench.db, documentIds[doc as keyof typeof TEXTS], id, status, ctx.now());
      }
    }
    return { documentIds, annotatorIds };
  })();
}

/** Runs an export the way its job worker does: on a connection of its own. */
export function exportInto(workbench: Workbench, options: ExportOptionsInput, target: ExportTarget, control: Partial<JobControl> = {}): ExportSummary {
  const db = openJobConnection(workbench.dbPath);
  try {
    return runExport(
      { db, logger: quietLogger, now: () => new Date().toISOString(), newId: randomUUID },
      { options: ExportOptions.parse(options), target },
      { isCancelled: () => false, progress: () => undefined, ...control },
    );
  } finally {
    db.close();
  }
}

/** A closed database file in `dir` holding the export fixtures (for tests that run `awb` on it). */
export async function seededExportDb(dir: string): Promise<string> {
  const workbench = await openTestWorkbench(dir);
  seedExportCorpus(workbench);
  const path = workbench.dbPath;
  workbench.close();
  return path;
}
