import type { Db } from '../types';

/**
 * Adjudication: which documents the gold layer is finished for, and an index for agreement's reads.
 *
 * `adjudication` holds one row per document whose gold layer someone has started: the adjudicator
 * who last set its state, `in_progress` (a gold span was written or removed) or `done` (the
 * adjudicator marked the document adjudicated). A document counts as adjudicated only when marked
 * `done`: accepting no span at all is a decision too, so the presence of gold spans cannot tell.
 * The state lives here, not in `document_status`, because an adjudicator's status row is about
 * their own annotator-layer work: a `done` written there would make agreement count them as an
 * annotator who marked the whole text `O`. `revision` rises on every change, so copies from other
 * machines can merge by "later revision wins", like statuses.
 *
 * `annotation_for_agreement` is a partial covering index of live annotator-layer spans: agreement
 * reads every span of every document a page at a time, and with this index SQLite answers those
 * reads from the index alone, without a table lookup per span.
 */
export default function migrate0050(db: Db): void {
  db.exec(`
    CREATE TABLE adjudication (
      document_id TEXT PRIMARY KEY REFERENCES document(id),
      adjudicator_id TEXT NOT NULL REFERENCES annotator(id),
      status TEXT NOT NULL CHECK (status IN ('in_progress', 'done')),
      revision INTEGER NOT NULL DEFAULT 1 CHECK (revision >= 1),
      updated_at TEXT NOT NULL
    ) STRICT;
    CREATE INDEX adjudication_by_status ON adjudication(status, document_id);

    CREATE INDEX annotation_for_agreement ON annotation(document_id, annotator_id, start, "end", label, attributes_json, id)
      WHERE layer = 'annotator' AND deleted = 0;
  `);
}
