import { closeSync, existsSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { LIMITS } from '../../shared/contract/limits';
import type { ImportFormat } from '../../shared/contract/methods/imports';
import { ImportError } from './importError';
import type { ImportSource, ImportUnit } from './types';

/** A file or folder the user chose, as the host resolved it. */
export type ChosenPath = { path: string; name: string };

/** Every regular file under a folder (sorted, hidden files and folders left out). */
function listFolder(root: string, name: string): ImportSource[] {
  const files: ImportSource[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push({ path, name: join(name, relative(root, path)), bytes: statSync(path).size });
      if (files.length > LIMITS.importFiles) throw new ImportError({ file: name }, `the folder holds more than ${LIMITS.importFiles} files.`, 'too_large');
    }
  };
  walk(root);
  return files;
}

/** Expands folders into their files. */
export function expandPaths(chosen: ChosenPath[]): ImportSource[] {
  const files: ImportSource[] = [];
  for (const item of chosen) {
    let stats;
    try {
      stats = statSync(item.path);
    } catch {
      throw new ImportError({ file: item.name }, 'the file does not exist or cannot be read.', 'not_found');
    }
    if (stats.isDirectory()) files.push(...listFolder(item.path, item.name));
    else if (stats.isFile()) {
      files.push({ path: item.path, name: item.name, bytes: stats.size });
      // A brat .ann is useless without its text: the .txt beside it comes along.
      if (extname(item.path).toLowerCase() === '.ann') {
        const txt = `${item.path.slice(0, -4)}.txt`;
        if (existsSync(txt) && !chosen.some((other) => other.path === txt))
          files.push({ path: txt, name: `${item.name.slice(0, -4)}.txt`, bytes: statSync(txt).size });
      }
    } else throw new ImportError({ file: item.name }, 'not a regular file or folder.');
  }
  if (files.length === 0) throw new ImportError({ file: chosen.map((item) => item.name).join(', ') || '(nothing)' }, 'no files to import.');
  return files;
}

/** The first bytes of a file, for sniffing. */
function head(path: string, bytes = 512): string {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const read = readSync(fd, buffer, 0, bytes, 0);
    return buffer
      .subarray(0, read)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}

/** The format of one file from its extension, else from its first bytes. */
export function detectFileFormat(file: ImportSource, siblings: ReadonlySet<string>): ImportFormat | null {
  const extension = extname(file.name).toLowerCase();
  const stem = file.path.slice(0, file.path.length - extname(file.path).length);
  switch (extension) {
    case '.ann':
      return 'brat';
    case '.txt':
      return siblings.has(`${stem}.ann`) ? 'brat' : 'text';
    case '.jsonl':
    case '.ndjson':
      return 'jsonl';
    case '.csv':
    case '.tsv':
      return 'csv';
    case '.html':
    case '.htm':
    case '.xhtml':
      return 'html';
    case '.conf':
      return null;
  }
  if (basename(file.name) === 'manifest.json') return null;
  const start = head(file.path).trimStart();
  if (start.startsWith('[')) return 'labelstudio';
  if (start.startsWith('{')) return 'jsonl';
  if (/^<(!doctype html|html|head|body|article)/i.test(start)) return 'html';
  return extension === '.json' ? 'labelstudio' : 'text';
}

/**
 * Groups the chosen files into units, each imported (or failed) as a whole: a brat `.txt`
 * with its `.ann`, or one file of any other format. `format` forces one format for all; files
 * detection cannot place (brat's `annotation.conf`, a canonical `manifest.json`) are left out.
 */
export function planUnits(files: ImportSource[], format: ImportFormat | undefined): ImportUnit[] {
  const paths = new Set(files.map((file) => file.path));
  const units: ImportUnit[] = [];
  const brat: ImportSource[] = [];
  for (const file of files) {
    const detected = format ?? detectFileFormat(file, paths);
    if (detected === null) continue;
    if (detected === 'brat') {
      brat.push(file);
      continue;
    }
    units.push({ format: detected, name: file.name, files: [file], bytes: file.bytes });
  }
  const stems = new Map<string, ImportSource[]>();
  for (const file of brat) {
    const stem = file.path.slice(0, file.path.length - extname(file.path).length);
    stems.set(stem, [...(stems.get(stem) ?? []), file]);
  }
  for (const group of stems.values()) {
    const txt = group.find((file) => extname(file.path).toLowerCase() === '.txt') ?? group[0];
    if (!txt) continue;
    units.push({ format: 'brat', name: txt.name, files: group, bytes: group.reduce((sum, file) => sum + file.bytes, 0) });
  }
  if (units.length === 0) throw new ImportError({ file: files.map((file) => file.name).join(', ') }, 'none of these files is in a format import reads.');
  return units;
}
