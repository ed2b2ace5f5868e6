import { LabelSchema } from '../../shared/domain/labelSchema';
import type { Project } from '../../shared/contract/methods/app';
import { prepareCached } from './statementCache';
import type { Db } from './types';

type ProjectRow = { id: string; name: string; schema_json: string; created_at: string; updated_at: string };

/** Inserts a project with its label schema. */
export function insertProject(db: Db, project: Project): void {
  prepareCached(db, 'INSERT INTO project (id, name, schema_json, schema_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    project.id,
    project.name,
    JSON.stringify(project.schema),
    project.schema.version,
    project.createdAt,
    project.updatedAt,
  );
}

// Schemas already validated, by their exact JSON: every span write reads its project's schema,
// and parsing it with zod each time would cost more than the write itself.
const parsedSchemas = new Map<string, LabelSchema>();

function parseSchema(json: string): LabelSchema {
  let schema = parsedSchemas.get(json);
  if (!schema) {
    schema = LabelSchema.parse(JSON.parse(json));
    if (parsedSchemas.size >= 16) parsedSchemas.delete(parsedSchemas.keys().next().value ?? '');
    parsedSchemas.set(json, schema);
  }
  return schema;
}

/** Reads a project, parsing its schema (a JSON column is a trust boundary: it is validated). */
export function getProject(db: Db, id: string): Project | null {
  const row = prepareCached<[string], ProjectRow>(db, 'SELECT id, name, schema_json, created_at, updated_at FROM project WHERE id = ?').get(id);
  if (!row) return null;
  return { id: row.id, name: row.name, schema: parseSchema(row.schema_json), createdAt: row.created_at, updatedAt: row.updated_at };
}

/** The id of the oldest project, or null when there is none. */
export function firstProjectId(db: Db): string | null {
  return prepareCached<[], { id: string }>(db, 'SELECT id FROM project ORDER BY created_at, id LIMIT 1').get()?.id ?? null;
}

/** Replaces a project's name and label schema (an assignment package from the lead carries the current ones). */
export function updateProject(db: Db, id: string, name: string, schema: LabelSchema, now: string): void {
  prepareCached(db, 'UPDATE project SET name = ?, schema_json = ?, schema_version = ?, updated_at = ? WHERE id = ?').run(
    name,
    JSON.stringify(schema),
    schema.version,
    now,
    id,
  );
}
