import type { Statement } from 'better-sqlite3';
import type { Db } from './types';

const caches = new WeakMap<Db, Map<string, Statement<unknown[], unknown>>>();

/**
 * Prepares a statement once per connection and reuses it: preparing costs more than running a
 * small statement, and hot paths (imports, exports, the editor) run the same SQL many times.
 */
export function prepareCached<Params extends unknown[] = unknown[], Row = unknown>(db: Db, sql: string): Statement<Params, Row> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement as unknown as Statement<Params, Row>;
}
