import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addDocument } from '../services/addDocument';
import { activeProject } from '../services/session';
import { spansOfPage } from '../store/exportReads';
import { replaceDocumentSuggestions, type NewSuggestion } from '../store/suggestions';
import { createTempDirs } from '../testing/tempDir';
import { openWorkbench, type Workbench } from '../workbench';
import { exportProjectGazetteers, importProjectGazetteers } from './gazetteerTransfer';

const tempDir = createTempDirs();
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const attempt = <T>(call: () => T | Promise<T>): Promise<T> => Promise.resolve().then(call);
/** Python's `text[start:end]`. */
const pySlice = (text: string, start: number, end: number) => [...text].slice(start, end).join('');

const GAZETTEER_CSV = [
  'surface,label,variants,match,actor_type,side,granularity,category',
  'al-Omar,ACTOR,Al Omar|العمر,ignore-hyphens ignore-diacritics fold-alef ignore-case,non_state_armed,iran_aligned,,',
  '"Ain al-Asad",LOCATION,عين الأسد,ignore-hyphens fold-alef,,,site,',
  'Erbil,LOCATION,Arbil|أربيل,,,,admin1,',
  'one-way attack drone,WEAPON,,ignore-hyphens,,,,uav_drone',
  '',
].join('\n');

async function setUp(texts: string[]) {
  const dir = tempDir();
  const workbench = await openWorkbench(join(dir, 'suggest.db'), { logger: quiet });
  await workbench.handlers['annotators.setLocal']({ name: 'Tester' });
  const project = activeProject(workbench.context);
  const documents = texts.map((text, index) => ({ id: addDocument(workbench.context, { projectId: project.id, title: `Doc ${index}`, text }).id, text }));
  return { dir, workbench, project, documents };
}

async function importGazetteer(workbench: Workbench, dir: string, fileName: string, content: string, name?: string) {
  const path = join(dir, fileName);
  writeFileSync(path, content);
  const handle = workbench.files.registerPath(path, fileName).handle;
  const { jobId } = await workbench.handlers['gazetteers.import']({ handle, ...(name ? { name } : {}) });
  return workbench.jobs.wait(jobId);
}

function quotes(text: string, suggestions: { start: number; end: number; label: string; source: string }[]) {
  return suggestions.map((s) => `${pySlice(text, s.start, s.end)}|${s.label}|${s.source}`);
}

describe('gazetteer suggestions', () => {
  it('imports a CSV list and matches Latin and Arabic variants, hyphens, diacritics and alef forms where the list says so', async () => {
    const text =
      'Fighters loyal to AL OMAR and العُمر struck near Ain al Asad and عين الاسد, then Arbil, with a one way attack drone; Alomar was quiet. Erbil-based units and erbil stayed.';
    const { dir, workbench, documents } = await setUp([text]);
    const job = await importGazetteer(workbench, dir, 'militia-list.csv', GAZETTEER_CSV);
    expect(job.state).toBe('succeeded');
    expect(job.result).toMatchObject({ kind: 'gazetteer', summary: { gazetteer: { name: 'militia-list', entryCount: 4 }, replaced: false } });
    const { suggestions } = await workbench.handlers['suggestions.generate']({ documentId: documents[0]!.id });
    expect(quotes(text, suggestions)).toEqual([
      'AL OMAR|ACTOR|gazetteer:militia-list',
      'العُمر|ACTOR|gazetteer:militia-list',
      'Ain al Asad|LOCATION|gazetteer:militia-list',
      'عين الاسد|LOCATION|gazetteer:militia-list',
      'Arbil|LOCATION|gazetteer:militia-list',
      'one way attack drone|WEAPON|gazetteer:militia-list',
      'Alomar|ACTOR|gazetteer:militia-list',
    ]);
    // "Erbil-based" is a compound, and "erbil" is not a name (LOCATION is case-sensitive unless the list says otherwise).
    expect(suggestions[0]!.attributes).toEqual({ actor_type: 'non_state_armed', side: 'iran_aligned' });
    // Suggestions are not spans: nothing reaches the annotation table, so no export or count sees them.
    expect(await workbench.handlers['annotations.list']({ documentId: documents[0]!.id })).toEqual([]);
    workbench.close();
  });

  it('refuses a bad CSV row naming the file, line and field, and stores nothing', async () => {
    const { dir, workbench } = await setUp(['x']);
    const bad = 'surface,label,granularity\nErbil,LOCATION,admin1\nMosul,LOCATION,city\n';
    const job = await importGazetteer(workbench, dir, 'places.csv', bad);
    expect(job.state).toBe('failed');
    expect(job.error?.message).toMatch(/^places\.csv, line 3, field granularity: .*"city" is not one of/);
    const unknownLabel = await importGazetteer(
      workbench,
      dir,
      'labels.jsonl',
      '{"surface":"Erbil","label":"LOCATION"}\n{"surface":"Kataib","label":"GROUP"}\n',
    );
    expect(unknownLabel.error?.message).toMatch(/^labels\.jsonl, line 2, field label: unknown label "GROUP"/);
    const badJson = await importGazetteer(workbench, dir, 'broken.jsonl', '{"surface":"Erbil","label":"LOCATION"}\n{"surface":\n');
    expect(badJson.error?.message).toMatch(/^broken\.jsonl, line 2: not valid JSON/);
    expect(await workbench.handlers['gazetteers.list']({})).toEqual([]);
    workbench.close();
  });

  it('replaces a list of the same name whole and drops what the old list suggested', async () => {
    const text = 'Shelling hit Erbil and Mosul.';
    const { dir, workbench, documents } = await setUp([text]);
    await importGazetteer(workbench, dir, 'places.jsonl', '{"surface":"Erbil","label":"LOCATION"}\n');
    expect(quotes(text, (await workbench.handlers['suggestions.generate']({ documentId: documents[0]!.id })).suggestions)).toEqual([
      'Erbil|LOCATION|gazetteer:places',
    ]);
    const replaced = await importGazetteer(
      workbench,
      dir,
      'places.jsonl',
      '{"surface":"Mosul","label":"LOCATION","attributes":{"granularity":"populated_place"}}\n',
    );
    expect(replaced.result).toMatchObject({ summary: { replaced: true, suggestionsRemoved: 1 } });
    expect((await workbench.handlers['suggestions.list']({ documentId: documents[0]!.id })).suggestions).toEqual([]);
    expect(quotes(text, (await workbench.handlers['suggestions.generate']({ documentId: documents[0]!.id })).suggestions)).toEqual([
      'Mosul|LOCATION|gazetteer:places',
    ]);
    const [list] = await workbench.handlers['gazetteers.list']({});
    expect(await workbench.handlers['gazetteers.remove']({ id: list!.id })).toEqual({ removed: true, suggestionsRemoved: 1 });
    workbench.close();
  });
});

describe('accepting and rejecting', () => {
  it('accepts into a span with origin suggestion and its source, reaching the export only then; a rejection is never offered again', async () => {
    const text = 'A drone hit Erbil. Later a second drone hit Erbil again.';
    const { dir, workbench, documents, project } = await setUp([text]);
    await importGazetteer(workbench, dir, 'places.csv', 'surface,label,granularity\nErbil,LOCATION,admin1\n');
    const documentId = documents[0]!.id;
    const { suggestions } = await workbench.handlers['suggestions.generate']({ documentId });
    expect(suggestions).toHaveLength(2);
    const exported = () => spansOfPage(workbench.db, project.id, 0, Number.MAX_SAFE_INTEGER).length;
    expect(exported()).toBe(0);

    const accepted = await workbench.handlers['suggestions.accept']({ documentId, ids: [suggestions[0]!.id] });
    expect(accepted.created).toHaveLength(1);
    expect(accepted.created[0]).toMatchObject({ label: 'LOCATION', origin: 'suggestion', attributes: { granularity: 'admin1' }, quote: 'Erbil' });
    const row = workbench.db.prepare('SELECT origin, origin_source FROM annotation WHERE id = ?').get(accepted.created[0]!.id);
    expect(row).toEqual({ origin: 'suggestion', origin_source: 'gazetteer:places' });
    expect(exported()).toBe(1);

    expect(await workbench.handlers['suggestions.reject']({ documentId, ids: [suggestions[1]!.id] })).toEqual({ rejected: [suggestions[1]!.id] });
    // A new run finds the same two places; neither is offered (one is a span, one was rejected).
    expect((await workbench.handlers['suggestions.generate']({ documentId })).suggestions).toEqual([]);
    expect(exported()).toBe(1);

    // Undoing the acceptance deletes the span, and the suggestion is offered again.
    await workbench.handlers['history.undo']({ documentId });
    expect(quotes(text, (await workbench.handlers['suggestions.list']({ documentId })).suggestions)).toEqual(['Erbil|LOCATION|gazetteer:places']);
    workbench.close();
  });

  it('never offers a suggestion overlapping a span; accepts and rejects all in a range', async () => {
    const text = 'Forces of al-Omar moved. al-Omar fighters and al-Omar leaders met in Erbil.';
    const { dir, workbench, documents } = await setUp([text]);
    await importGazetteer(
      workbench,
      dir,
      'g.jsonl',
      '{"surface":"al-Omar","label":"ACTOR"}\n{"surface":"Erbil","label":"LOCATION"}\n{"surface":"al-Omar fighters","label":"ACTOR"}\n',
    );
    const documentId = documents[0]!.id;
    // The annotator labelled "fighters" as an actor: the longer entry overlapping it gives way to the shorter one.
    const at = [...text].join('').indexOf('fighters');
    await workbench.handlers['annotations.create']({ documentId, start: at, end: at + 'fighters'.length, label: 'ACTOR' });
    const { suggestions } = await workbench.handlers['suggestions.generate']({ documentId, sources: ['gazetteer:g'] });
    expect(quotes(text, suggestions)).toEqual([
      'al-Omar|ACTOR|gazetteer:g',
      'al-Omar|ACTOR|gazetteer:g',
      'al-Omar|ACTOR|gazetteer:g',
      'Erbil|LOCATION|gazetteer:g',
    ]);
    const firstSentence = { start: 0, end: text.indexOf('.') + 1 };
    expect((await workbench.handlers['suggestions.accept']({ documentId, range: firstSentence })).accepted).toHaveLength(1);
    expect((await workbench.handlers['suggestions.reject']({ documentId, range: { start: firstSentence.end, end: [...text].length } })).rejected).toHaveLength(
      3,
    );
    expect((await workbench.handlers['suggestions.list']({ documentId })).suggestions).toEqual([]);
    await expect(attempt(() => workbench.handlers['suggestions.accept']({ documentId }))).rejects.toMatchObject({ code: 'invalid_input' });
    workbench.close();
  });

  it('reports per source what was accepted, edited, deleted and rejected', async () => {
    const text = 'Erbil, Mosul and Kirkuk were hit; three people were killed.';
    const { dir, workbench, documents } = await setUp([text]);
    await importGazetteer(workbench, dir, 'places.csv', 'surface,label\nErbil,LOCATION\nMosul,LOCATION\nKirkuk,LOCATION\n');
    const documentId = documents[0]!.id;
    const { suggestions } = await workbench.handlers['suggestions.generate']({ documentId });
    expect(quotes(text, suggestions)).toEqual([
      'Erbil|LOCATION|gazetteer:places',
      'Mosul|LOCATION|gazetteer:places',
      'Kirkuk|LOCATION|gazetteer:places',
      'three|CASUALTY_COUNT|casualty-rule',
    ]);
    const count = suggestions[3]!;
    expect(count.attributes).toEqual({ value: 3, qualifier: 'exact', status: 'killed' });
    const { created } = await workbench.handlers['suggestions.accept']({
      documentId,
      ids: suggestions.map((s) => s.id).filter((id) => id !== suggestions[2]!.id),
    });
    expect(created.find((span) => span.label === 'CASUALTY_COUNT')?.attributes).toMatchObject({ value: 3, qualifier: 'exact', status: 'killed' });
    await workbench.handlers['suggestions.reject']({ documentId, ids: [suggestions[2]!.id] });
    await workbench.handlers['annotations.update']({ id: created[1]!.id, label: 'ACTOR' });
    await workbench.handlers['annotations.delete']({ id: created[0]!.id });
    const { sources } = await workbench.handlers['suggestions.report']({});
    expect(sources).toEqual([
      { source: 'casualty-rule', kind: 'casualty-rule', offered: 1, accepted: 1, edited: 0, deleted: 0, rejected: 0 },
      { source: 'gazetteer:places', kind: 'gazetteer', offered: 3, accepted: 0, edited: 1, deleted: 1, rejected: 1 },
    ]);
    workbench.close();
  });
});

describe('propagation', () => {
  it("offers a labelled span's other whole-token occurrences across documents, with the label's case rule and attributes", async () => {
    const first = 'Kataib Hezbollah claimed the attack. A spokesman for Kataib Hezbollah spoke.';
    const second = 'Officials blamed Kataib Hezbollah; kataib hezbollah in lower case is not a name. Drones and a DRONE were seen.';
    const { workbench, documents } = await setUp([first, second]);
    const [a, b] = documents as [{ id: string; text: string }, { id: string; text: string }];
    await workbench.handlers['annotations.create']({ documentId: a.id, start: 0, end: 16, label: 'ACTOR', attributes: { actor_type: 'non_state_armed' } });
    expect(quotes(first, (await workbench.handlers['suggestions.generate']({ documentId: a.id, sources: ['propagation'] })).suggestions)).toEqual([
      'Kataib Hezbollah|ACTOR|propagation',
    ]);
    // A weapon noun labelled in the second document propagates case-insensitively ("Drones" is another word).
    const drone = second.indexOf('DRONE');
    await workbench.handlers['annotations.create']({ documentId: b.id, start: drone, end: drone + 5, label: 'WEAPON' });
    const offered = (await workbench.handlers['suggestions.generate']({ documentId: b.id })).suggestions;
    expect(quotes(second, offered)).toEqual(['Kataib Hezbollah|ACTOR|propagation']);
    expect(offered[0]!.attributes).toMatchObject({ actor_type: 'non_state_armed' });
    workbench.close();
  });

  it('a refresh writes only what changed: suggestions still made keep their ids and rows, stale ones go, other sources stay', async () => {
    const text = 'Erbil was hit. Kirkuk was hit. Erbil again, then Kirkuk, then Mosul. Two guards were killed.';
    const { dir, workbench, documents } = await setUp([text]);
    const documentId = documents[0]!.id;
    await importGazetteer(workbench, dir, 'places.csv', 'surface,label\nMosul,LOCATION\n');
    const rows = () =>
      workbench.db
        .prepare('SELECT id, start, "end", label, source, created_at AS at FROM suggestion WHERE document_id = ? ORDER BY start, source')
        .all(documentId) as {
        id: number;
        start: number;
        label: string;
        source: string;
        at: string;
      }[];
    const erbil = await workbench.handlers['annotations.create']({ documentId, start: 0, end: 5, label: 'LOCATION' });
    const first = (await workbench.handlers['suggestions.generate']({ documentId })).suggestions;
    expect(quotes(text, first)).toEqual(['Erbil|LOCATION|propagation', 'Mosul|LOCATION|gazetteer:places', 'Two|CASUALTY_COUNT|casualty-rule']);
    const before = rows();
    // Kirkuk labelled: its other occurrence is new, every earlier row stays as it was (same id, same time written).
    await workbench.handlers['annotations.create']({ documentId, start: 15, end: 21, label: 'LOCATION' });
    const second = (await workbench.handlers['suggestions.generate']({ documentId })).suggestions;
    expect(quotes(text, second)).toEqual([
      'Erbil|LOCATION|propagation',
      'Kirkuk|LOCATION|propagation',
      'Mosul|LOCATION|gazetteer:places',
      'Two|CASUALTY_COUNT|casualty-rule',
    ]);
    expect(second.find((s) => s.start === first[0]!.start)?.id).toBe(first[0]!.id);
    const after = rows();
    for (const row of before) expect(after).toContainEqual(row);
    expect(after).toHaveLength(before.length + 2);
    // Erbil's span deleted: what it propagated goes (its own range too); a refresh of one source leaves the others alone.
    await workbench.handlers['annotations.delete']({ id: erbil.id });
    const third = (await workbench.handlers['suggestions.generate']({ documentId, sources: ['propagation'] })).suggestions;
    expect(quotes(text, third)).toEqual(['Kirkuk|LOCATION|propagation', 'Mosul|LOCATION|gazetteer:places', 'Two|CASUALTY_COUNT|casualty-rule']);
    expect(rows().filter((row) => row.source !== 'propagation')).toEqual(before.filter((row) => row.source !== 'propagation'));
    expect(
      rows()
        .filter((row) => row.source === 'propagation')
        .map((row) => row.start),
    ).toEqual([15, 49]);
    workbench.close();
  });

  it('stores the first of several suggestions with the same range, label and source, and only inside a transaction', async () => {
    const { workbench, documents } = await setUp(['Erbil was hit.']);
    const documentId = documents[0]!.id;
    const erbil = { start: 0, end: 5, label: 'LOCATION', quote: 'Erbil', source: 'propagation', detail: null };
    const replace = (suggestions: NewSuggestion[]) =>
      replaceDocumentSuggestions(workbench.db, documentId, ['propagation'], suggestions, '2026-11-22T00:00:00.000Z');
    const twice = [
      { ...erbil, attributes: { granularity: 'city' } },
      { ...erbil, attributes: { granularity: 'site' } },
    ];
    expect(() => replace(twice)).toThrow(/inside a transaction/);
    expect(workbench.db.transaction(() => replace(twice))()).toBe(1);
    const stored = workbench.db.prepare('SELECT attributes_json FROM suggestion WHERE document_id = ?').all(documentId) as { attributes_json: string }[];
    expect(stored.map((row) => JSON.parse(row.attributes_json) as unknown)).toEqual([{ granularity: 'city' }]);
    workbench.close();
  });

  it('labels every occurrence in a document after a preview, skipping those in the way, as one undo step', async () => {
    const text = 'Erbil airport. Erbil Erbil-based Erbil.';
    const { workbench, documents } = await setUp([text]);
    const documentId = documents[0]!.id;
    const span = await workbench.handlers['annotations.create']({ documentId, start: 0, end: 5, label: 'LOCATION' });
    const blocker = text.lastIndexOf('Erbil');
    await workbench.handlers['annotations.create']({ documentId, start: blocker, end: blocker + 5, label: 'ACTOR' });
    const preview = await workbench.handlers['suggestions.occurrences']({ annotationId: span.id });
    expect(preview.occurrences.map((o) => [o.quote, o.blockedBy])).toEqual([
      ['Erbil', null],
      ['Erbil', 'overlaps ACTOR “Erbil”'],
    ]);
    const result = await workbench.handlers['suggestions.labelOccurrences']({
      annotationId: span.id,
      ranges: preview.occurrences.map(({ start, end }) => ({ start, end })),
    });
    expect(result.created.map((created) => [created.start, created.origin])).toEqual([[15, 'suggestion']]);
    expect(result.skipped).toHaveLength(1);
    await expect(
      attempt(() => workbench.handlers['suggestions.labelOccurrences']({ annotationId: span.id, ranges: [{ start: 1, end: 4 }] })),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await workbench.handlers['history.undo']({ documentId });
    expect(await workbench.handlers['annotations.list']({ documentId })).toHaveLength(2);
    workbench.close();
  });
});

describe('suggestion runs and packages', () => {
  it('writes suggestions for chosen documents and sources as a job', async () => {
    const { dir, workbench, documents } = await setUp(['Erbil was hit.', 'Nothing here.', 'Two guards were killed in Erbil.']);
    await importGazetteer(workbench, dir, 'places.csv', 'surface,label\nErbil,LOCATION\n');
    const { jobId } = await workbench.handlers['suggestions.start']({
      documentIds: documents.map((d) => d.id),
      sources: ['gazetteer:places', 'casualty-rule'],
    });
    const done = await workbench.jobs.wait(jobId);
    expect(done.result).toEqual({
      kind: 'suggest',
      summary: { documents: 3, suggestions: 3, perSource: { 'gazetteer:places': 2, 'casualty-rule': 1 }, sources: ['gazetteer:places', 'casualty-rule'] },
    });
    expect(done.progress).toMatchObject({ done: 3, total: 3 });
    await expect(attempt(() => workbench.handlers['suggestions.start']({ sources: ['gazetteer:nope'] }))).rejects.toMatchObject({ code: 'invalid_input' });
    workbench.close();
  });

  it('serialises a project’s gazetteers to JSON and loads them into another project database unchanged', async () => {
    const lead = await setUp(['x']);
    await importGazetteer(lead.workbench, lead.dir, 'militia-list.csv', GAZETTEER_CSV);
    const bundle = JSON.parse(JSON.stringify(exportProjectGazetteers(lead.workbench.context, lead.project.id))) as unknown;
    const annotator = await setUp(['Fighters of AL OMAR entered Arbil.']);
    expect(importProjectGazetteers(annotator.workbench.context, annotator.project.id, bundle)).toEqual(['militia-list']);
    expect(exportProjectGazetteers(annotator.workbench.context, annotator.project.id)).toEqual(bundle);
    expect((await annotator.workbench.handlers['suggestions.generate']({ documentId: annotator.documents[0]!.id })).suggestions).toHaveLength(2);
    const broken = structuredClone(bundle) as { gazetteers: { entries: { label: string }[] }[] };
    broken.gazetteers[0]!.entries[1]!.label = 'PLACE';
    expect(() => importProjectGazetteers(annotator.workbench.context, annotator.project.id, broken)).toThrow(
      /gazetteers\[0\]\.entries\[1\]\.label: unknown label "PLACE"/,
    );
    lead.workbench.close();
    annotator.workbench.close();
  });
});
