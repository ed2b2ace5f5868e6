import type { Db } from '../types';

/**
 * Suggestions and gazetteers. Suggestions are not annotations: they live in their own table,
 * never in `annotation`, so no export, agreement figure or span count can see one until an
 * annotator accepts it (which writes an ordinary span with origin `suggestion`).
 *
 * - `gazetteer` and `gazetteer_entry`: the project's lists of actors, places and weapons, each
 *   entry with its label, attributes, variants and match keywords (docs/formats.md). A list is
 *   replaced whole, in one transaction.
 * - `suggestion`: what a source (propagation, a gazetteer, the casualty rule) proposes for a
 *   document, at most one row per range, label and source. Rows are bookkeeping: a new run
 *   replaces a document's rows of the sources it ran, so they may be hard-deleted.
 * - `suggestion_decision`: an annotator's answer to a suggestion (accepted, with the span it
 *   created; or rejected), one per document, annotator, range and label. A rejection is never
 *   offered again in that document; the per-source report counts these rows.
 */
export default function migrate0060(db: Db): void {
  db.exec(`
    CREATE TABLE gazetteer (
      id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
      project_id TEXT NOT NULL REFERENCES project(id),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      file_name TEXT,
      entry_count INTEGER NOT NULL CHECK (entry_count >= 0),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      UNIQUE (project_id, name)
    ) STRICT;

    CREATE TABLE gazetteer_entry (
      gazetteer_id TEXT NOT NULL REFERENCES gazetteer(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL CHECK (seq >= 1),
      line INTEGER,
      surface TEXT NOT NULL CHECK (length(surface) BETWEEN 1 AND 200),
      label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 64),
      attributes_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes_json) AND json_type(attributes_json) = 'object'),
      variants_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(variants_json) AND json_type(variants_json) = 'array'),
      match TEXT NOT NULL DEFAULT '',
      PRIMARY KEY (gazetteer_id, seq)
    ) STRICT;

    CREATE TABLE suggestion (
      id INTEGER PRIMARY KEY,
      document_id TEXT NOT NULL REFERENCES document(id),
      start INTEGER NOT NULL CHECK (start >= 0),
      "end" INTEGER NOT NULL CHECK ("end" > start),
      label TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 64),
      attributes_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes_json) AND json_type(attributes_json) = 'object'),
      quote TEXT NOT NULL,
      source TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 120),
      detail TEXT,
      created_at TEXT NOT NULL,
      UNIQUE (document_id, start, "end", label, source)
    ) STRICT;
    CREATE INDEX suggestion_by_source ON suggestion(source);

    CREATE TABLE suggestion_decision (
      document_id TEXT NOT NULL REFERENCES document(id),
      annotator_id TEXT NOT NULL REFERENCES annotator(id),
      start INTEGER NOT NULL CHECK (start >= 0),
      "end" INTEGER NOT NULL CHECK ("end" > start),
      label TEXT NOT NULL,
      source TEXT NOT NULL,
      decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
      attributes_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attributes_json)),
      annotation_id TEXT REFERENCES annotation(id),
      decided_at TEXT NOT NULL,
      PRIMARY KEY (document_id, annotator_id, start, "end", label)
    ) STRICT;
    CREATE INDEX suggestion_decision_by_source ON suggestion_decision(source, decision);
  `);
}
