import migrate0010 from './0010-initial-schema';
import migrate0020 from './0020-document-normalization';
import migrate0030 from './0030-edit-history';
import migrate0040 from './0040-team-bundles';
import migrate0050 from './0050-adjudication';
import migrate0060 from './0060-suggestions';
import type { Db } from '../types';

/** One schema step. Shipped migrations are never edited: fixes go in a new, higher number. */
export type Migration = { version: number; name: string; up: (db: Db) => void };

/**
 * Every migration in order. Versions step by 10 to leave room for a fix between two steps.
 * `PRAGMA user_version` records the last one applied.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 10, name: 'initial-schema', up: migrate0010 },
  { version: 20, name: 'document-normalization', up: migrate0020 },
  { version: 30, name: 'edit-history', up: migrate0030 },
  { version: 40, name: 'team-bundles', up: migrate0040 },
  { version: 50, name: 'adjudication', up: migrate0050 },
  { version: 60, name: 'suggestions', up: migrate0060 },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((latest, migration) => {
  if (migration.version <= latest) throw new Error(`migration ${migration.version} (${migration.name}) is out of order`);
  return migration.version;
}, 0);
