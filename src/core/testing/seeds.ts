import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The seed articles (`shared/seeds`, beside the repository or a level above it for worktrees).
 * Tests may read them; their sentences are never copied into committed files. Throws when the
 * folder is missing, so a test that depends on it fails rather than passing vacuously.
 */
export function readSeeds(): { name: string; text: string }[] {
  let dir = resolve(import.meta.dirname, '..', '..', '..');
  for (let level = 0; level < 4; level++) {
    const candidate = join(dirname(dir), 'shared', 'seeds');
    if (existsSync(candidate)) {
      return readdirSync(candidate)
        .filter((name) => name.endsWith('.txt'))
        .sort()
        .map((name) => ({ name, text: readFileSync(join(candidate, name), 'utf8') }));
    }
    dir = dirname(dir);
  }
  throw new Error('shared/seeds was not found beside the repository (CI places ../shared beside the clone).');
}
