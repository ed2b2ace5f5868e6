import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileHandle } from '../../shared/contract/methods/imports';
import { WorkbenchError } from '../errors';

type Entry = { path: string; name: string; kind: FileHandle['kind']; bytes: number; temporary: boolean };

/** Shows the host's own file dialog (Electron) and answers with the paths the user chose. */
export type FilePicker = (options: { folder: boolean }) => Promise<{ path: string; name: string }[]>;

/**
 * Opaque handles for files the user chose. The renderer never names a path: the Electron main
 * process registers what its dialog (or a drop, resolved in the preload) returned, and the HTTP
 * host registers uploads it streamed into its own temporary folder. Services resolve handles back
 * to paths; an unknown handle is `not_found`.
 */
export class FileHandleRegistry {
  private readonly entries = new Map<string, Entry>();
  private uploadDir: string | null = null;
  private picker: FilePicker | null = null;

  /** Installs the host's file dialog (only the Electron host has one). */
  setPicker(picker: FilePicker): void {
    this.picker = picker;
  }

  /** Shows the file dialog and registers the choice. */
  async pick(folder: boolean): Promise<FileHandle[]> {
    if (!this.picker) throw new WorkbenchError('unsupported', 'This host has no file dialog: in a browser, choose files with the upload button or drop them.');
    const chosen = await this.picker({ folder });
    return chosen.map((item) => this.registerPath(item.path, item.name));
  }

  /** Registers a file or folder on disk that the user chose through the host. */
  registerPath(path: string, name: string, temporary = false): FileHandle {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      throw new WorkbenchError('not_found', `${name}: the file does not exist or cannot be read.`);
    }
    if (!stats.isFile() && !stats.isDirectory()) throw new WorkbenchError('invalid_input', `${name}: not a regular file or folder.`);
    const handle = randomBytes(18).toString('base64url');
    const entry: Entry = { path, name, kind: stats.isDirectory() ? 'folder' : 'file', bytes: stats.isDirectory() ? 0 : stats.size, temporary };
    this.entries.set(handle, entry);
    return { handle, name: entry.name, kind: entry.kind, bytes: entry.bytes };
  }

  /** A fresh path in this registry's private temporary folder, for an upload to stream into. */
  uploadPath(): string {
    this.uploadDir ??= mkdtempSync(join(tmpdir(), 'awb-uploads-'));
    return join(this.uploadDir, randomBytes(12).toString('hex'));
  }

  /** The file behind a handle. */
  resolve(handle: string): { path: string; name: string } {
    const entry = this.entries.get(handle);
    if (!entry) throw new WorkbenchError('not_found', 'That file is no longer available (the app was restarted or the upload was cleared); choose it again.');
    return { path: entry.path, name: entry.name };
  }

  /** Whether a handle is an upload (a copy this registry owns), not the user's own file. */
  isTemporary(handle: string): boolean {
    return this.entries.get(handle)?.temporary === true;
  }

  /** Forgets handles; uploaded copies are deleted. */
  release(handles: string[]): void {
    for (const handle of handles) {
      const entry = this.entries.get(handle);
      if (!entry) continue;
      this.entries.delete(handle);
      if (entry.temporary) rmSync(entry.path, { force: true });
    }
  }

  /** Deletes every upload; called when the host shuts down. */
  close(): void {
    this.entries.clear();
    if (this.uploadDir) rmSync(this.uploadDir, { recursive: true, force: true });
    this.uploadDir = null;
  }
}
