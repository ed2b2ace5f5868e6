import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yauzl from 'yauzl';
import yazl from 'yazl';
import type { MergeSummary, PackageOpened, PackagesSummary } from '../../shared/contract/methods/team';
import type { JobControl } from '../import/runImport';
import { openJobConnection } from '../jobs/openJobConnection';
import type { ServiceContext } from '../services/context';
import type { Db } from '../store/types';
import { runMerge } from '../team/mergeBundles';
import { openPackage } from '../team/openPackage';
import { writeBundle, type BundleWritten } from '../team/writeBundle';
import { writePackages, type PackagesRequest } from '../team/writePackages';
import type { Workbench } from '../workbench';
import { chosen, quietLogger } from './importHarness';

const noControl: JobControl = { isCancelled: () => false, progress: () => undefined };

/** Runs team work the way a job worker does: on a second connection of its own. */
async function onJobConnection<T>(workbench: Workbench, run: (ctx: ServiceContext) => Promise<T>, now?: () => string): Promise<T> {
  const db = openJobConnection(workbench.dbPath);
  try {
    return await run({ db, logger: quietLogger, now: now ?? (() => new Date().toISOString()), newId: randomUUID });
  } finally {
    db.close();
  }
}

/** Writes packages into exactly `folder`. */
export function packagesInto(
  workbench: Workbench,
  request: Omit<PackagesRequest, 'target'>,
  folder: string,
  control: Partial<JobControl> = {},
): Promise<PackagesSummary> {
  return onJobConnection(workbench, (ctx) => writePackages(ctx, { ...request, target: { kind: 'exactly', path: folder } }, { ...noControl, ...control }));
}

/** Opens a package file. */
export function openPackageFile(workbench: Workbench, path: string, adoptIdentity = false, control: Partial<JobControl> = {}): Promise<PackageOpened> {
  return onJobConnection(workbench, (ctx) => openPackage(ctx, { path: chosen(path)[0] ?? { path, name: path }, adoptIdentity }, { ...noControl, ...control }));
}

/** Writes the local annotator's bundle into a folder. */
export function bundleInto(workbench: Workbench, folder: string, control: Partial<JobControl> = {}): Promise<BundleWritten> {
  return onJobConnection(workbench, (ctx) => writeBundle(ctx, { folder }, { ...noControl, ...control }));
}

/** Merges bundle files; `now` may be fixed so two merges can be compared row for row. */
export function mergeFiles(workbench: Workbench, paths: string[], now?: () => string, control: Partial<JobControl> = {}): Promise<MergeSummary> {
  return onJobConnection(workbench, (ctx) => runMerge(ctx, { paths: chosen(...paths) }, { ...noControl, ...control }), now);
}

/**
 * Every row of the tables a merge writes, in a stable order. The record of merged bundles is
 * reduced to which bundles were merged (when and with what counts depends on the order).
 */
export function dumpTeamData(db: Db): string {
  const parts: string[] = [];
  for (const table of ['project', 'document', 'annotator', 'annotation', 'document_status', 'assignment']) {
    parts.push(`${table}: ${JSON.stringify(db.prepare(`SELECT * FROM "${table}" ORDER BY 1, 2, 3`).raw().all())}`);
  }
  parts.push(
    `bundle_import: ${JSON.stringify(db.prepare('SELECT bundle_id, annotator_id, file_sha256, created_at FROM bundle_import ORDER BY 1').raw().all())}`,
  );
  return parts.join('\n');
}

/** The entries of a zip file, whole, in order. */
export async function readZip(path: string): Promise<{ name: string; data: Buffer }[]> {
  const zip = await yauzl.openPromise(path, { autoClose: false });
  const entries: { name: string; data: Buffer }[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.push({ name: entry.fileName, data: Buffer.concat(chunks) });
    }
  } finally {
    zip.close();
  }
  return entries;
}

/** Writes entries as a new zip file (deflated), the way a tool other than the app would. */
export async function writeZip(path: string, entries: { name: string; data: Buffer }[]): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) zip.addBuffer(entry.data, entry.name, { mtime: new Date('2024-01-01T00:00:00Z') });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  writeFileSync(path, Buffer.concat(chunks));
}

/**
 * Rewrites a bundle's JSON entries with `edit` and writes it as `out`. With `resign`, the manifest's
 * checksums and sizes are brought up to date (a well-formed bundle with other content); without,
 * they are left as they were (a tampered bundle).
 */
export async function rewriteBundle(path: string, out: string, edit: (entries: Map<string, string>) => void, resign: boolean): Promise<string> {
  const entries = new Map((await readZip(path)).map((entry) => [entry.name, entry.data.toString('utf8')]));
  edit(entries);
  if (resign) {
    const manifest = JSON.parse(entries.get('manifest.json') ?? '{}') as { files: { path: string; sha256: string; bytes: number }[] };
    const { createHash } = await import('node:crypto');
    manifest.files = manifest.files.map((file) => {
      const data = Buffer.from(entries.get(file.path) ?? '', 'utf8');
      return { path: file.path, sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length };
    });
    entries.set('manifest.json', JSON.stringify(manifest, null, 2));
  }
  mkdirSync(join(out, '..'), { recursive: true });
  await writeZip(
    out,
    [...entries].map(([name, text]) => ({ name, data: Buffer.from(text, 'utf8') })),
  );
  return out;
}

/** The JSON lines of a text. */
export function jsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/** A file's bytes. */
export function bytesOf(path: string): Buffer {
  return readFileSync(path);
}
