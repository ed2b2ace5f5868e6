import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { WorkbenchError } from '../errors';
import type { Db } from '../store/types';

/**
 * Runs per property in CI (at least 1,000, as the reliability issue asks). Set AWB_FUZZ_RUNS
 * higher to search longer locally; the seed of a failure is printed by fast-check for replay.
 */
export const FUZZ_RUNS = Math.max(1000, Number(process.env.AWB_FUZZ_RUNS ?? 1000));

const fingerprints = new WeakMap<Db, { changes: number; value: string }>();

/**
 * A hash of everything the database stores, every row of every table (full-text shadow tables
 * included). Equal before and after a call means the call wrote nothing. Recomputed only when the
 * connection has completed a change since the last call (`total_changes()`), so a property can
 * take one before and after each of thousands of runs.
 */
export function databaseFingerprint(db: Db): string {
  const changes = Number((db.prepare('SELECT total_changes() AS n').get() as { n: number }).n);
  const cached = fingerprints.get(db);
  if (cached?.changes === changes) return cached.value;
  const hash = createHash('sha256');
  const tables = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")
    .all() as {
    name: string;
  }[];
  for (const { name } of tables) {
    hash.update(`\u0000${name}\u0000`);
    for (const row of db
      .prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`)
      .raw()
      .iterate()) {
      hash.update(
        JSON.stringify(row, (_key, value: unknown) => (Buffer.isBuffer(value) ? value.toString('base64') : typeof value === 'bigint' ? String(value) : value)),
      );
    }
  }
  const value = hash.digest('hex');
  fingerprints.set(db, { changes, value });
  return value;
}

export type CleanRefusalOptions<T> = {
  /** The inputs to try. */
  arbitrary: fc.Arbitrary<T>;
  /** The code under test: an importer, the bundle reader, a contract call. Return to accept, throw to refuse. */
  run: (value: T) => unknown;
  /** The database that must never be left half-written (a function when the host may reopen it). */
  db: Db | (() => Db);
  /** Which errors count as the project's own (a clear refusal); anything else is a crash. Default: WorkbenchError. */
  isOwnError?: (error: unknown) => boolean;
  /** Further checks on an accepted input. */
  onAccepted?: (value: T, result: unknown) => void;
  numRuns?: number;
  /** A run taking longer than this fails the property: nothing may hang. */
  timeoutMs?: number;
};

/**
 * The property every untrusted-input boundary must have (reference §4): for any input, the code
 * either accepts it, or refuses it by throwing the project's own error, and a refusal leaves the
 * database exactly as it was. Importers (issue 4) and the bundle reader (issue 6) call this with
 * their own arbitraries; the contract fuzz test calls it for every method.
 */
export async function assertAcceptsOrRefusesCleanly<T>(options: CleanRefusalOptions<T>): Promise<void> {
  const isOwn = options.isOwnError ?? ((error: unknown) => error instanceof WorkbenchError);
  const db = typeof options.db === 'function' ? options.db : () => options.db as Db;
  await fc.assert(
    fc.asyncProperty(options.arbitrary, async (value) => {
      const before = databaseFingerprint(db());
      let result: unknown;
      try {
        result = await options.run(value);
      } catch (error) {
        if (!isOwn(error)) {
          throw new Error(`crashed instead of refusing cleanly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, { cause: error });
        }
        if (error instanceof Error && error.message.trim() === '') throw new Error('refused without saying why (empty message)', { cause: error });
        const after = databaseFingerprint(db());
        if (after !== before)
          throw new Error(`refused (${error instanceof Error ? error.message : String(error)}) but left the database changed`, { cause: error });
        return;
      }
      options.onAccepted?.(value, result);
    }),
    { numRuns: options.numRuns ?? FUZZ_RUNS, timeout: options.timeoutMs ?? 10_000, includeErrorInReport: true },
  );
}

/** Values JSON can carry that a hand-written parser tends to trip on. */
export const awkwardJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -0, -1, 1.5, 2 ** 53, -(2 ** 53), 1e308, '', ' ', '\u0000', '\ud83d', '\ufeff', 'é', '👨‍👩‍👧', '__proto__', '[]', '{}'),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** An object with an own `__proto__` (or `constructor`/`prototype`) key, as JSON.parse makes from hostile input. */
export const pollutingObject: fc.Arbitrary<unknown> = fc
  .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.jsonValue({ maxDepth: 2 }))
  .map(([key, value]) => JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`) as unknown);
