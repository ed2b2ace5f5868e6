import type { z } from 'zod';
import { BUNDLE_FORMAT, ManifestHead, PACKAGE_FORMAT, TEAM_FORMAT_VERSION } from './formats';
import { parseLine } from './parseLine';
import { ArchiveError } from './zipArchive';

/** What each team archive is called, and what to say when the other kind is given instead. */
const KINDS = {
  bundle: {
    format: BUNDLE_FORMAT,
    name: 'annotation bundle',
    other: PACKAGE_FORMAT,
    otherGiven: 'this is an assignment package, not an annotation bundle: open it with “Open a package”.',
  },
  package: {
    format: PACKAGE_FORMAT,
    name: 'assignment package',
    other: BUNDLE_FORMAT,
    otherGiven: 'this is an annotation bundle, not an assignment package: merge it with “Import bundles”.',
  },
} as const;

/**
 * Reads and checks a team archive's manifest.json: the format first (so the other kind of archive,
 * or one from a newer version, is named as such), then every field with the kind's schema.
 */
export function readTeamManifest<T>(kind: keyof typeof KINDS, schema: z.ZodType<T>, file: string, text: string): T {
  const { format, name, other, otherGiven } = KINDS[kind];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ArchiveError(file, 'manifest.json is not valid JSON.');
  }
  const head = ManifestHead.safeParse(raw);
  if (!head.success) throw new ArchiveError(file, 'manifest.json does not say what it is (no format and format_version).');
  if (head.data.format === other) throw new ArchiveError(file, otherGiven);
  if (head.data.format !== format) throw new ArchiveError(file, `not an ${name} (its format is "${head.data.format}").`);
  if (head.data.format_version > TEAM_FORMAT_VERSION) {
    const tool = (raw as { tool?: { version?: unknown } }).tool?.version;
    throw new ArchiveError(
      file,
      `written by a newer version of Annotation Workbench${typeof tool === 'string' ? ` (${tool})` : ''} in ${kind} format ${head.data.format_version}; this version reads format ${TEAM_FORMAT_VERSION}. Update the app.`,
      'unsupported',
    );
  }
  return parseLine(schema, raw, file, 'manifest.json', null);
}
