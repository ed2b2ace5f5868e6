import { WorkbenchError } from '../errors';

/** A name safe in any file system: lower-case ASCII letters, digits and dashes (`conflict-news-demo`). */
export function fileSlug(name: string, fallback = 'file'): string {
  return (
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || fallback
  );
}

/** An ISO time as a file-name stamp (`20240501-102030`). */
export function timeStamp(iso: string): string {
  return iso
    .replace(/\.\d+Z$/, '')
    .replace(/Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');
}

/** Thrown when the user cancelled a team job: it rolls back and removes what it wrote. */
export class TeamCancelledError extends WorkbenchError {
  override name = 'TeamCancelledError';
  constructor(what: 'bundle' | 'packages' | 'merge' | 'package') {
    super(
      'cancelled',
      what === 'merge' || what === 'package'
        ? `The ${what === 'merge' ? 'merge' : 'package'} was cancelled; the database is as it was before.`
        : `Writing the ${what} was cancelled; the files it had written were removed.`,
    );
  }
}
