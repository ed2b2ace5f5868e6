import type { GazetteerEntry, GazetteerInfo, MatchKeyword } from '../../shared/contract/methods/gazetteers';
import type { Attributes } from '../../shared/contract/schemas';
import { prepareCached } from './statementCache';
import type { Db } from './types';

type GazetteerRow = { id: string; name: string; file_name: string | null; entry_count: number; created_at: string; updated_at: string };
type EntryRow = { line: number | null; surface: string; label: string; attributes_json: string; variants_json: string; match: string };

/** A stored entry with the line of the file it came from. */
export type StoredGazetteerEntry = GazetteerEntry & { line: number | null };

const COLUMNS = 'id, name, file_name, entry_count, created_at, updated_at';

function infoOf(db: Db, row: GazetteerRow): GazetteerInfo {
  const perLabel = prepareCached<[string], { label: string; n: number }>(
    db,
    'SELECT label, count(*) AS n FROM gazetteer_entry WHERE gazetteer_id = ? GROUP BY label ORDER BY label',
  ).all(row.id);
  return {
    id: row.id,
    name: row.name,
    fileName: row.file_name,
    entryCount: row.entry_count,
    entriesPerLabel: Object.fromEntries(perLabel.map((entry) => [entry.label, entry.n])),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The project's gazetteers, by name. */
export function listGazetteers(db: Db, projectId: string): GazetteerInfo[] {
  return prepareCached<[string], GazetteerRow>(db, `SELECT ${COLUMNS} FROM gazetteer WHERE project_id = ? ORDER BY name`)
    .all(projectId)
    .map((row) => infoOf(db, row));
}

/** One gazetteer by id, or null. */
export function getGazetteer(db: Db, id: string): (GazetteerInfo & { projectId: string }) | null {
  const row = prepareCached<[string], GazetteerRow & { project_id: string }>(db, `SELECT ${COLUMNS}, project_id FROM gazetteer WHERE id = ?`).get(id);
  return row ? { ...infoOf(db, row), projectId: row.project_id } : null;
}

/** One gazetteer of a project by name, or null. */
export function findGazetteerByName(db: Db, projectId: string, name: string): GazetteerInfo | null {
  const row = prepareCached<[string, string], GazetteerRow>(db, `SELECT ${COLUMNS} FROM gazetteer WHERE project_id = ? AND name = ?`).get(projectId, name);
  return row ? infoOf(db, row) : null;
}

/**
 * Writes a gazetteer with its entries under a fresh id, after removing any list of the same name
 * (a list is always replaced whole). Call inside a transaction. Returns the id of the list it
 * replaced, if any.
 */
export function writeGazetteer(
  db: Db,
  gazetteer: { id: string; projectId: string; name: string; fileName: string | null; now: string },
  entries: readonly (GazetteerEntry & { line?: number | null })[],
): string | null {
  const previous = findGazetteerByName(db, gazetteer.projectId, gazetteer.name);
  if (previous) deleteGazetteer(db, previous.id);
  prepareCached(
    db,
    'INSERT INTO gazetteer (id, project_id, name, file_name, entry_count, created_at, updated_at) VALUES (@id, @projectId, @name, @fileName, @count, @createdAt, @now)',
  ).run({ ...gazetteer, count: entries.length, createdAt: previous?.createdAt ?? gazetteer.now });
  const insert = prepareCached(
    db,
    'INSERT INTO gazetteer_entry (gazetteer_id, seq, line, surface, label, attributes_json, variants_json, match) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  entries.forEach((entry, index) => {
    insert.run(
      gazetteer.id,
      index + 1,
      entry.line ?? null,
      entry.surface,
      entry.label,
      JSON.stringify(entry.attributes),
      JSON.stringify(entry.variants),
      entry.match.join(' '),
    );
  });
  return previous?.id ?? null;
}

/** Removes a gazetteer and its entries; returns whether it existed. */
export function deleteGazetteer(db: Db, id: string): boolean {
  prepareCached(db, 'DELETE FROM gazetteer_entry WHERE gazetteer_id = ?').run(id);
  return prepareCached(db, 'DELETE FROM gazetteer WHERE id = ?').run(id).changes === 1;
}

/** Every entry of a gazetteer, in list order, one at a time (a list may hold 200,000). */
export function* readGazetteerEntries(db: Db, gazetteerId: string): Generator<StoredGazetteerEntry> {
  const rows = prepareCached<[string], EntryRow>(
    db,
    'SELECT line, surface, label, attributes_json, variants_json, match FROM gazetteer_entry WHERE gazetteer_id = ? ORDER BY seq',
  ).iterate(gazetteerId);
  for (const row of rows) {
    yield {
      line: row.line,
      surface: row.surface,
      label: row.label,
      // Most entries have neither: '{}' and '[]' (as written above) need no parse, which a list of 200,000 feels.
      attributes: row.attributes_json === '{}' ? {} : (JSON.parse(row.attributes_json) as Attributes),
      variants: row.variants_json === '[]' ? [] : (JSON.parse(row.variants_json) as string[]),
      match: row.match === '' ? [] : (row.match.split(' ') as MatchKeyword[]),
    };
  }
}
