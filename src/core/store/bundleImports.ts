import type { Annotator } from '../../shared/contract/methods/app';
import { prepareCached } from './statementCache';
import type { Db } from './types';

/** One merged bundle as recorded (migration 0040). */
export type BundleImportRecord = {
  bundleId: string;
  projectId: string;
  annotatorId: string;
  annotatorName: string;
  annotatorRole: Annotator['role'];
  fileName: string;
  fileSha256: string;
  createdAt: string;
  firstImportedAt: string;
  lastImportedAt: string;
  timesImported: number;
  reportJson: string;
};

type Row = {
  bundle_id: string;
  project_id: string;
  annotator_id: string;
  annotator_name: string;
  annotator_role: Annotator['role'];
  file_name: string;
  file_sha256: string;
  created_at: string;
  first_imported_at: string;
  last_imported_at: string;
  times_imported: number;
  report_json: string;
};

const COLUMNS =
  'bundle_id, project_id, annotator_id, annotator_name, annotator_role, file_name, file_sha256, created_at, first_imported_at, last_imported_at, times_imported, report_json';

function fromRow(row: Row): BundleImportRecord {
  return {
    bundleId: row.bundle_id,
    projectId: row.project_id,
    annotatorId: row.annotator_id,
    annotatorName: row.annotator_name,
    annotatorRole: row.annotator_role,
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    createdAt: row.created_at,
    firstImportedAt: row.first_imported_at,
    lastImportedAt: row.last_imported_at,
    timesImported: row.times_imported,
    reportJson: row.report_json,
  };
}

/** A bundle's record, or null when it was never merged here. */
export function getBundleImport(db: Db, bundleId: string): BundleImportRecord | null {
  const row = prepareCached<[string], Row>(db, `SELECT ${COLUMNS} FROM bundle_import WHERE bundle_id = ?`).get(bundleId);
  return row ? fromRow(row) : null;
}

/**
 * Records a merged bundle. A bundle merged before keeps its first import time; the last import
 * time, the count and the report (of this merge) are updated.
 */
export function recordBundleImport(db: Db, record: Omit<BundleImportRecord, 'firstImportedAt' | 'timesImported'>): void {
  prepareCached(
    db,
    `INSERT INTO bundle_import (${COLUMNS})
     VALUES (@bundleId, @projectId, @annotatorId, @annotatorName, @annotatorRole, @fileName, @fileSha256, @createdAt, @lastImportedAt, @lastImportedAt, 1, @reportJson)
     ON CONFLICT (bundle_id) DO UPDATE SET last_imported_at = excluded.last_imported_at, times_imported = times_imported + 1, report_json = excluded.report_json`,
  ).run(record);
}

/**
 * The name and role an annotator's newest merged bundle carries (newest by the time it was
 * written, then by bundle id), or null when none was merged. The annotator row follows it, so a
 * rename reaches the lead whatever order the bundles are merged in.
 */
export function newestBundleIdentity(db: Db, annotatorId: string): { name: string; role: Annotator['role'] } | null {
  return (
    prepareCached<[string], { name: string; role: Annotator['role'] }>(
      db,
      `SELECT annotator_name AS name, annotator_role AS role FROM bundle_import WHERE annotator_id = ?
        ORDER BY created_at DESC, bundle_id DESC LIMIT 1`,
    ).get(annotatorId) ?? null
  );
}

/** The newest bundle (by the time it was written) merged from each annotator of a project. */
export function latestBundlesByAnnotator(db: Db, projectId: string): Map<string, BundleImportRecord> {
  const rows = prepareCached<[string], Row>(
    db,
    `SELECT ${COLUMNS} FROM bundle_import b WHERE project_id = ?
        AND NOT EXISTS (SELECT 1 FROM bundle_import newer WHERE newer.project_id = b.project_id AND newer.annotator_id = b.annotator_id
                          AND (newer.created_at > b.created_at OR (newer.created_at = b.created_at AND newer.bundle_id > b.bundle_id)))`,
  ).all(projectId);
  return new Map(rows.map((row) => [row.annotator_id, fromRow(row)]));
}
