import type { Db } from '../types';

/**
 * Records the Unicode normalization form of each document's text (NFC, NFD or mixed): texts are
 * stored as imported, never normalised, and exports state the form (reliability notes §4.17, §6).
 * New rows get it on insert (addDocument); rows stored before this step stay null ("not
 * classified"), which an export can compute from the text.
 */
export default function migrate0020(db: Db): void {
  db.exec(`ALTER TABLE document ADD COLUMN normalization TEXT CHECK (normalization IS NULL OR normalization IN ('NFC', 'NFD', 'mixed'))`);
}
