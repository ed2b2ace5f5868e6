import type { ServiceContext } from '../services/context';
import { exportProjectGazetteers, importProjectGazetteers } from '../suggestions/gazetteerTransfer';

/**
 * A kind of project resource that travels in assignment packages beside the documents and the
 * schema (`resources/<kind>.json` in the package, listed in its manifest). The lead's
 * installation writes it with `exportFor`; the annotator's reads it back with `importInto`,
 * inside the transaction that opens the package, so a package is opened whole or not at all.
 *
 * A new kind of resource is added to {@link PROJECT_RESOURCE_KINDS}; nothing else in the package
 * code changes. A package with a
 * kind this version does not know is still opened; the kind is skipped and named in the summary's
 * warnings ("update the app").
 */
export type ProjectResourceKind = {
  /** `lower_snake_case`; the entry is `resources/<kind>.json`. */
  kind: string;
  /** What it is, in words for summaries ("gazetteers"). */
  description: string;
  /** The project's resources of this kind as JSON-ready data and how many items it holds, or null when the project has none. */
  exportFor: (ctx: ServiceContext, projectId: string) => { data: unknown; count: number } | null;
  /**
   * Validates `data` (it comes from a file: parse it with zod) and writes it into the project,
   * replacing what the lead's package replaces. Throws a WorkbenchError for bad data, which
   * refuses the whole package. Returns how many items it stored.
   */
  importInto: (ctx: ServiceContext, projectId: string, data: unknown) => number;
};

/**
 * The lead's gazetteers, so an annotator's suggestions match the lead's lists. Opening a package
 * replaces the lists it names and keeps the annotator's others (docs/formats.md, "In an
 * assignment package").
 */
const GAZETTEERS: ProjectResourceKind = {
  kind: 'gazetteers',
  description: 'gazetteers',
  exportFor: (ctx, projectId) => {
    const data = exportProjectGazetteers(ctx, projectId);
    return data.gazetteers.length === 0 ? null : { data, count: data.gazetteers.length };
  },
  importInto: (ctx, projectId, data) => importProjectGazetteers(ctx, projectId, data).length,
};

/** Every resource kind packages carry. */
export const PROJECT_RESOURCE_KINDS: readonly ProjectResourceKind[] = [GAZETTEERS];
