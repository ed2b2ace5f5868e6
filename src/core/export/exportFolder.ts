import { createHash, randomBytes, type Hash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { WorkbenchError } from '../errors';

const FLUSH_CHARS = 1 << 20;

/** What a finished file is: where (relative to the export folder), its SHA-256 and size. */
export type WrittenFile = { path: string; sha256: string; bytes: number };

/**
 * A file written the safe way: into a hidden temporary file in its final folder, hashed as it
 * goes, then fsynced and renamed over its final name. Until the rename the final name does not
 * exist, so an export that is killed part-way never leaves a partial file under it.
 */
export class AtomicFile {
  private fd: number | null;
  private readonly hash: Hash = createHash('sha256');
  private pending: string[] = [];
  private pendingChars = 0;
  private written = 0;
  readonly tmpPath: string;

  constructor(
    readonly finalPath: string,
    readonly relPath: string,
  ) {
    this.tmpPath = join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(6).toString('hex')}.partial`);
    this.fd = openSync(this.tmpPath, 'wx', 0o644);
  }

  /** Appends text (UTF-8); it reaches the disk in chunks of about a megabyte. */
  write(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= FLUSH_CHARS) this.flush();
  }

  /** Appends raw bytes (a zip archive's output), after any pending text. */
  writeBytes(bytes: Uint8Array): void {
    this.flush();
    if (this.fd === null) throw new Error(`${this.relPath} was already closed`);
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
    this.hash.update(bytes);
    this.written += bytes.length;
  }

  /** Bytes written so far (flushed or not, in UTF-16 units for the pending part: for progress only). */
  get size(): number {
    return this.written + this.pendingChars;
  }

  private flush(): void {
    if (this.pending.length === 0 || this.fd === null) return;
    const buffer = Buffer.from(this.pending.length === 1 ? (this.pending[0] ?? '') : this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset, buffer.length - offset);
    this.hash.update(buffer);
    this.written += buffer.length;
  }

  /** Flushes, fsyncs, closes and renames the file into place. */
  commit(): WrittenFile {
    if (this.fd === null) throw new Error(`${this.relPath} was already closed`);
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
    renameSync(this.tmpPath, this.finalPath);
    return { path: this.relPath, sha256: this.hash.digest('hex'), bytes: this.written };
  }

  /** Closes and deletes the temporary file. */
  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed by a failed write; the unlink below still runs
      }
      this.fd = null;
    }
    try {
      unlinkSync(this.tmpPath);
    } catch {
      // nothing to remove
    }
  }
}

/** fsyncs a folder so the renames in it are durable (POSIX; Windows cannot open a folder for this). */
function fsyncFolder(path: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The folder an export writes into, and everything written there, so a failed or cancelled export
 * can remove exactly what it wrote (and the folders it made), and a finished one can fsync every
 * folder it renamed files into before it reports success.
 */
export class ExportFolder {
  private readonly committed: string[] = [];
  private readonly open = new Set<AtomicFile>();
  private readonly madeFolders: string[] = [];
  private readonly touched = new Set<string>();

  private constructor(readonly root: string) {}

  /**
   * An export into exactly `path` (the CLI's --out): made when missing; refused when it exists
   * and is not an empty folder, so an export never mixes with older files.
   */
  static exactly(path: string): ExportFolder {
    if (existsSync(path)) {
      if (!statSync(path).isDirectory()) throw new WorkbenchError('invalid_input', `${path} is a file; choose a folder for the export.`);
      if (readdirSync(path).length > 0) {
        throw new WorkbenchError('invalid_input', `${path} is not empty; choose an empty or new folder (an export never mixes with older files).`);
      }
      return new ExportFolder(path);
    }
    const folder = new ExportFolder(path);
    folder.makeFolder(path);
    return folder;
  }

  /**
   * Files written into an existing folder beside what is already there (made when missing): for
   * single files with names of their own, such as annotation bundles. Refuses a name that is taken.
   */
  static existing(path: string): ExportFolder {
    if (existsSync(path) && !statSync(path).isDirectory()) throw new WorkbenchError('invalid_input', `${path} is a file; choose a folder.`);
    const folder = new ExportFolder(path);
    folder.makeFolder(path);
    return folder;
  }

  /** An export into a new folder named `name` inside `parent` (`name-2`, `name-3`… when taken). */
  static inside(parent: string, name: string): ExportFolder {
    if (!existsSync(parent) || !statSync(parent).isDirectory()) throw new WorkbenchError('not_found', `The folder ${parent} does not exist.`);
    let candidate = join(parent, name);
    for (let n = 2; existsSync(candidate); n++) candidate = join(parent, `${name}-${n}`);
    const folder = new ExportFolder(candidate);
    folder.makeFolder(candidate);
    return folder;
  }

  private makeFolder(path: string): void {
    const first = mkdirSync(path, { recursive: true });
    if (first === undefined) return;
    // Record every folder this call made, outermost first, to remove them on failure.
    for (let folder = path; ; folder = dirname(folder)) {
      this.madeFolders.push(folder);
      if (folder === first || dirname(folder) === folder) break;
    }
  }

  /** Opens a file at a path relative to the export folder (its folders are made as needed). */
  file(relPath: string): AtomicFile {
    const finalPath = join(this.root, relPath);
    if (existsSync(finalPath)) throw new WorkbenchError('conflict', `${finalPath} already exists; it was not overwritten.`);
    const folder = dirname(finalPath);
    if (!existsSync(folder)) this.makeFolder(folder);
    this.touched.add(folder);
    const file = new AtomicFile(finalPath, relPath.split(sep).join('/'));
    this.open.add(file);
    return file;
  }

  /** Commits a file opened with {@link file}. */
  commit(file: AtomicFile): WrittenFile {
    const written = file.commit();
    this.open.delete(file);
    this.committed.push(file.finalPath);
    return written;
  }

  /** Writes a whole small file (manifest, card, schema files) atomically. */
  writeWhole(relPath: string, content: string): WrittenFile {
    const file = this.file(relPath);
    file.write(content);
    return this.commit(file);
  }

  /** Makes every rename durable: fsyncs each folder written into, and the folders made. */
  sync(): void {
    const folders = new Set([...this.touched, ...this.madeFolders, ...this.madeFolders.map((folder) => dirname(folder))]);
    for (const folder of [...folders].sort((a, b) => b.length - a.length)) fsyncFolder(folder);
  }

  /** Removes everything this export wrote: open temporary files, committed files, folders it made. */
  discard(): void {
    for (const file of this.open) file.abort();
    this.open.clear();
    for (const path of this.committed.splice(0)) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
    const folders = [...this.touched].filter((folder) => folder !== this.root && relative(this.root, folder).split(sep)[0] !== '..');
    for (const folder of [...new Set([...folders, ...this.madeFolders])].sort((a, b) => b.length - a.length)) {
      try {
        rmdirSync(folder);
      } catch {
        // not empty (something else is in it) or already gone: leave it
      }
    }
  }
}
