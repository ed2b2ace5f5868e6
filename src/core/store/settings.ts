import { prepareCached } from './statementCache';
import type { Db } from './types';

/** Keys of the app_setting table, in one place. */
export const SETTING = {
  localAnnotatorId: 'local_annotator_id',
  activeProjectId: 'active_project_id',
} as const;

/** Reads a setting, or null when unset. */
export function getSetting(db: Db, key: string): string | null {
  const row = prepareCached<[string], { value: string }>(db, 'SELECT value FROM app_setting WHERE key = ?').get(key);
  return row?.value ?? null;
}

/** Writes a setting. */
export function setSetting(db: Db, key: string, value: string): void {
  prepareCached(db, 'INSERT INTO app_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
