import type { Db } from '../types';

/**
 * The first schema: projects, documents (with a full-text index), annotators, annotations,
 * per-annotator document status, assignments, and settings. Every table is STRICT; CHECK
 * constraints make impossible rows (an empty span, an unknown origin) unstorable.
 */
export default function migrate0010(db: Db): void {
  db.exec(`
    CREATE TABLE app_setting (
      key TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 100),
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE project (
      id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      schema_json TEXT NOT NULL CHECK (json_valid(schema_json)),
      schema_version INTEGER NOT NULL CHECK (schema_version >= 1),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE annotator (
      id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role TEXT NOT NULL DEFAULT 'annotator' CHECK (role IN ('annotator', 'adjudicator', 'lead')),
      created_at TEXT NOT NULL
    ) STRICT;

    -- seq is an explicit rowid alias: VACUUM may renumber implicit rowids, and the full-text
    -- index refers to documents by rowid. The text column comes last so list queries that stop
    -- before it never read its overflow pages.
    CREATE TABLE document (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 64),
      project_id TEXT NOT NULL REFERENCES project(id),
      external_id TEXT,
      title TEXT NOT NULL,
      source TEXT,
      published_at TEXT,
      text_sha256 TEXT NOT NULL CHECK (length(text_sha256) = 64),
      char_count INTEGER NOT NULL CHECK (char_count >= 0),
      metadata_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata_json)),
      created_at TEXT NOT NULL,
      text TEXT NOT NULL,
      UNIQUE (project_id, text_sha256)
    ) STRICT;
    CREATE INDEX document_by_project ON document(project_id, seq);

    CREATE VIRTUAL TABLE document_fts USING fts5(
      title, text, content = 'document', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER document_fts_after_insert AFTER INSERT ON document BEGIN
      INSERT INTO document_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    CREATE TRIGGER document_fts_after_delete AFTER DELETE ON document BEGIN
      INSERT INTO document_fts(document_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
    END;
    CREATE TRIGGER document_fts_after_update AFTER UPDATE OF title, text ON document BEGIN
      INSERT INTO document_fts(document_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
      INSERT INTO document_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;

    -- Nothing is ever hard-deleted: a deletion is a tombstone with a higher revision, so offline
    -- copies of the same annotation merge without loss.
    CREATE TABLE annotation (
      id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
      document_id TEXT NOT NULL REFERENCES document(id),
      annotator_id TEXT NOT NULL REFERENCES annotator(id),
      layer TEXT NOT NULL DEFAULT 'annotator' CHECK (layer IN ('annotator', 'gold')),
      start INTEGER NOT NULL CHECK (start >= 0),
      "end" INTEGER NOT NULL CHECK ("end" > start),
      label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 64),
      attributes_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes_json) AND json_type(attributes_json) = 'object'),
      quote TEXT NOT NULL,
      origin TEXT NOT NULL CHECK (origin IN ('manual', 'suggestion', 'imported', 'adjudicated')),
      origin_source TEXT,
      revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1))
    ) STRICT;
    CREATE INDEX annotation_by_document ON annotation(document_id, layer, annotator_id, start);

    CREATE TABLE document_status (
      document_id TEXT NOT NULL REFERENCES document(id),
      annotator_id TEXT NOT NULL REFERENCES annotator(id),
      status TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
      revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
      updated_at TEXT NOT NULL,
      PRIMARY KEY (document_id, annotator_id)
    ) STRICT;
    CREATE INDEX document_status_by_annotator ON document_status(annotator_id, status);

    CREATE TABLE assignment (
      project_id TEXT NOT NULL REFERENCES project(id),
      document_id TEXT NOT NULL REFERENCES document(id),
      annotator_id TEXT NOT NULL REFERENCES annotator(id),
      assigned_at TEXT NOT NULL,
      PRIMARY KEY (document_id, annotator_id)
    ) STRICT;
    CREATE INDEX assignment_by_annotator ON assignment(annotator_id, project_id);
  `);
}
