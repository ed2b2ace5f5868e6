import type BetterSqlite3 from 'better-sqlite3';

/** An open, migrated database connection (the single writer of its file). */
export type Db = BetterSqlite3.Database;
