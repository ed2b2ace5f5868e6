import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activeProject } from '../services/session';
import { openTestWorkbench } from '../testing/importHarness';
import { bundleInto, dumpTeamData, jsonLines, mergeFiles, openPackageFile, packagesInto, readZip } from '../testing/teamHarness';
import { createTempDirs } from '../testing/tempDir';
import type { Workbench } from '../workbench';
import { assignWork } from './assignWork';

const tempDir = createTempDirs('awb-team-');

/** The code-point range of the n-th word of at least four letters in a document. */
async function wordAt(workbench: Workbench, documentId: string, n: number): Promise<{ start: number; end: number; word: string }> {
  const { text } = await workbench.handlers['documents.get']({ id: documentId });
  const words = [...text.matchAll(/\p{L}{4,}/gu)];
  const match = words[n % words.length];
  if (!match || match.index === undefined) throw new Error('no word');
  const start = [...text.slice(0, match.index)].length;
  return { start, end: start + [...match[0]].length, word: match[0] };
}

/** A lead with a local annotator and three team members, and the demo corpus. */
async function leadWithTeam() {
  const lead = await openTestWorkbench(tempDir());
  await lead.handlers['annotators.setLocal']({ name: 'Lead' });
  const team = [];
  for (const name of ['Ana', 'Ben', 'Cy']) team.push(await lead.handlers['team.addAnnotator']({ name, role: 'annotator' }));
  return { lead, team, project: activeProject(lead.context) };
}

describe('assignWork', () => {
  it('gives each document to k different annotators, balanced, the same for the same seed whatever the order', () => {
    const documents = Array.from({ length: 23 }, (_, i) => ({ id: `d${i}`, textSha256: `sha${i}` }));
    const annotators = ['a', 'b', 'c', 'd', 'e'];
    const assignment = assignWork(documents, annotators, 3, 42);
    const loads = [...assignment.values()].map((ids) => ids.length);
    expect(loads.reduce((sum, n) => sum + n, 0)).toBe(23 * 3);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    for (const document of documents) expect([...assignment.values()].filter((ids) => ids.includes(document.id))).toHaveLength(3);
    const shuffled = assignWork([...documents].reverse(), [...annotators].reverse(), 3, 42);
    for (const id of annotators) expect(new Set(shuffled.get(id))).toEqual(new Set(assignment.get(id)));
    const other = assignWork(documents, annotators, 3, 43);
    expect(annotators.some((id) => JSON.stringify([...(other.get(id) ?? [])].sort()) !== JSON.stringify([...(assignment.get(id) ?? [])].sort()))).toBe(true);
  });

  it('refuses k outside 1…n', () => {
    expect(() => assignWork([{ id: 'd', textSha256: 's' }], ['a', 'b'], 3, 1)).toThrow(/1 to 2 annotators/);
    expect(() => assignWork([{ id: 'd', textSha256: 's' }], [], 1, 1)).toThrow(/at least one annotator/);
  });
});

describe('packages, bundles and merge between three databases', () => {
  it('lead writes packages, two annotators open them and work, the lead merges their bundles losslessly and idempotently', async () => {
    const { lead, team, project } = await leadWithTeam();
    const [ana, ben] = team;
    if (!ana || !ben) throw new Error('team');
    const packagesDir = join(tempDir(), 'packages');
    const summary = await packagesInto(lead, { projectId: project.id, filter: {}, annotatorIds: [ana.id, ben.id], k: 2, seed: 7 }, packagesDir);
    expect(summary.documents).toBe(6);
    expect(summary.packages.map((item) => item.documents)).toEqual([6, 6]);
    expect(readdirSync(packagesDir).sort()).toEqual(summary.packages.map((item) => item.file.split('/').at(-1)).sort());
    const anaPackage = summary.packages.find((item) => item.annotatorId === ana.id)?.file ?? '';
    const benPackage = summary.packages.find((item) => item.annotatorId === ben.id)?.file ?? '';
    const entries = (await readZip(anaPackage)).map((entry) => entry.name).sort();
    expect(entries).toEqual(['assignment.json', 'documents.jsonl', 'manifest.json', 'schema.json']);

    // Annotator installations: fresh databases with their own demo project.
    const anaApp = await openTestWorkbench(tempDir());
    const opened = await openPackageFile(anaApp, anaPackage);
    expect(opened).toMatchObject({ projectId: project.id, projectCreated: true, identity: 'adopted', documentsAdded: 6, assigned: 6 });
    expect((await anaApp.handlers['app.bootstrap']({})).annotator).toMatchObject({ id: ana.id, name: 'Ana' });
    const anaList = await anaApp.handlers['documents.list']({ projectId: project.id, offset: 0, limit: 50, sort: 'order', direction: 'asc' });
    expect(anaList.total).toBe(6);
    // Opening again changes nothing but says so.
    expect(await openPackageFile(anaApp, anaPackage)).toMatchObject({ projectCreated: false, identity: 'same', documentsAdded: 0, documentsAlreadyHere: 6 });

    const benApp = await openTestWorkbench(tempDir());
    await benApp.handlers['annotators.setLocal']({ name: 'Someone else' });
    await expect(openPackageFile(benApp, benPackage)).rejects.toMatchObject({ code: 'conflict' });
    expect(await openPackageFile(benApp, benPackage, true)).toMatchObject({ identity: 'adopted' });
    // The first-run name had no work of its own: it does not linger as a second annotator.
    expect(benApp.db.prepare("SELECT count(*) AS n FROM annotator WHERE name = 'Someone else'").get()).toEqual({ n: 0 });

    const documentId = anaList.rows[0]?.id ?? '';
    const w0 = await wordAt(anaApp, documentId, 0);
    const w1 = await wordAt(anaApp, documentId, 3);
    const kept = await anaApp.handlers['annotations.create']({ documentId, start: w0.start, end: w0.end, label: 'LOCATION' });
    const deleted = await anaApp.handlers['annotations.create']({ documentId, start: w1.start, end: w1.end, label: 'ACTOR' });
    await anaApp.handlers['annotations.delete']({ id: deleted.id });
    await anaApp.handlers['documents.setStatus']({ documentId, status: 'done' });
    const b0 = await wordAt(benApp, documentId, 1);
    await benApp.handlers['annotations.create']({ documentId, start: b0.start, end: b0.end, label: 'WEAPON' });

    const bundles = join(tempDir(), 'bundles');
    const anaBundle = await bundleInto(anaApp, bundles);
    const benBundle = await bundleInto(benApp, bundles);
    expect(anaBundle).toMatchObject({ annotations: 2, tombstones: 1, statuses: 1, documents: 1 });
    const lines = jsonLines<{ id: string; deleted: boolean; revision: number }>(
      (await readZip(anaBundle.file)).find((entry) => entry.name === 'annotations.jsonl')?.data.toString('utf8') ?? '',
    );
    expect(lines.find((line) => line.id === deleted.id)).toMatchObject({ deleted: true, revision: 2 });

    const merged = await mergeFiles(lead, [anaBundle.file, benBundle.file]);
    expect(merged.totals).toMatchObject({ bundlesMerged: 2, bundlesRefused: 0 });
    expect(merged.totals.annotations).toMatchObject({ inserted: 3, leftOut: 0 });
    const rows = lead.db.prepare('SELECT id, annotator_id, deleted, revision FROM annotation ORDER BY id').all();
    expect(rows).toHaveLength(3);
    expect(lead.db.prepare('SELECT deleted FROM annotation WHERE id = ?').get(deleted.id)).toEqual({ deleted: 1 });
    expect(lead.db.prepare('SELECT annotator_id FROM annotation WHERE id = ?').get(kept.id)).toEqual({ annotator_id: ana.id });
    expect(lead.db.prepare('SELECT status FROM document_status WHERE annotator_id = ?').get(ana.id)).toEqual({ status: 'done' });

    const before = dumpTeamData(lead.db);
    const again = await mergeFiles(lead, [benBundle.file, anaBundle.file]);
    expect(again.bundles.every((report) => report.alreadyMerged)).toBe(true);
    expect(again.totals.annotations).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    expect(dumpTeamData(lead.db)).toBe(before);

    // A later revision wins: Ana edits her span and sends a new bundle.
    await anaApp.handlers['annotations.update']({ id: kept.id, label: 'ACTOR' });
    const later = await bundleInto(anaApp, bundles);
    const third = await mergeFiles(lead, [later.file, anaBundle.file]);
    expect(third.bundles[0]?.annotations).toMatchObject({ updated: 1, unchanged: 1 });
    expect(lead.db.prepare('SELECT label, revision FROM annotation WHERE id = ?').get(kept.id)).toEqual({ label: 'ACTOR', revision: 2 });

    const overview = await lead.handlers['team.overview']({ projectId: project.id });
    const anaRow = overview.members.find((member) => member.id === ana.id);
    expect(anaRow).toMatchObject({ assigned: 6, done: 1, todo: 5, spans: 1 });
    expect(anaRow?.lastBundle?.bundleId).toBe(later.bundleId);
    for (const app of [lead, anaApp, benApp]) app.close();
  });
});
