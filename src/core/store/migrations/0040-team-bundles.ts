import type { Db } from '../types';

/**
 * Team work without a server (issue 6): a record of every annotation bundle merged into this
 * database, and the indexes the merge and the Team view read.
 *
 * `bundle_import` has one row per bundle (its UUID, written by the annotator's installation):
 * who wrote it and when, the file's SHA-256, when it was first and last merged here, and the
 * merge report (what was added, updated, left out and why) as JSON. Importing the same bundle
 * again updates `last_imported_at` and `times_imported` only: the annotation, status and annotator
 * tables are left exactly as they were. The annotator's name and role follow the newest bundle
 * of theirs (by `created_at`, then `bundle_id`), so the order bundles are merged in never matters.
 */
export default function migrate0040(db: Db): void {
  db.exec(`
    CREATE TABLE bundle_import (
      bundle_id TEXT PRIMARY KEY CHECK (length(bundle_id) BETWEEN 1 AND 64),
      project_id TEXT NOT NULL REFERENCES project(id),
      annotator_id TEXT NOT NULL REFERENCES annotator(id),
      annotator_name TEXT NOT NULL CHECK (length(annotator_name) BETWEEN 1 AND 200),
      annotator_role TEXT NOT NULL CHECK (annotator_role IN ('annotator', 'adjudicator', 'lead')),
      file_name TEXT NOT NULL,
      file_sha256 TEXT NOT NULL CHECK (length(file_sha256) = 64),
      created_at TEXT NOT NULL,
      first_imported_at TEXT NOT NULL,
      last_imported_at TEXT NOT NULL,
      times_imported INTEGER NOT NULL DEFAULT 1 CHECK (times_imported >= 1),
      report_json TEXT NOT NULL CHECK (json_valid(report_json) AND json_type(report_json) = 'object')
    ) STRICT;
    CREATE INDEX bundle_import_by_annotator ON bundle_import(project_id, annotator_id, created_at, bundle_id);

    -- A bundle holds one annotator's spans and statuses; exporting it reads them by annotator.
    CREATE INDEX annotation_by_annotator ON annotation(annotator_id, document_id);
    -- The Team view counts each annotator's assigned documents per project.
    CREATE INDEX assignment_by_project ON assignment(project_id, annotator_id, document_id);
  `);
}
