import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import yazl from 'yazl';
import type { AtomicFile } from '../export/exportFolder';

/** An entry written into an archive: its name, SHA-256 and size (what the manifest lists). */
export type ArchivedEntry = { path: string; sha256: string; bytes: number };

const BATCH_BYTES = 64 * 1024;

/**
 * Builds a zip archive (yazl, deflate) into an {@link AtomicFile}, so the archive appears under
 * its final name only once it is complete and flushed. Entries are added one after another;
 * each is hashed as it streams, so the manifest, added last, can list every entry's SHA-256.
 */
export class ZipBuilder {
  private readonly zip = new yazl.ZipFile();
  private readonly finished: Promise<void>;
  private failure: Error | null = null;

  constructor(
    private readonly file: AtomicFile,
    private readonly mtime: Date,
  ) {
    this.finished = new Promise<void>((resolve, reject) => {
      this.zip.outputStream.on('data', (chunk: Buffer) => {
        try {
          this.file.writeBytes(chunk);
        } catch (error) {
          this.failure = error instanceof Error ? error : new Error(String(error));
          (this.zip.outputStream as Readable).destroy(this.failure);
        }
      });
      this.zip.outputStream.on('end', () => (this.failure ? reject(this.failure) : resolve()));
      this.zip.outputStream.on('error', (error: Error) => reject(this.failure ?? error));
    });
    // A failure is reported by commit(); never leave the promise's rejection unobserved meanwhile.
    this.finished.catch(() => undefined);
  }

  /** Adds an entry from lines (or any strings), streamed and hashed; resolves when it has been read whole. */
  async addLines(path: string, lines: AsyncIterable<string> | Iterable<string>): Promise<ArchivedEntry> {
    const hash = createHash('sha256');
    let bytes = 0;
    async function* batches(): AsyncGenerator<Buffer> {
      let pending: string[] = [];
      let pendingLength = 0;
      const take = () => {
        const buffer = Buffer.from(pending.join(''), 'utf8');
        pending = [];
        pendingLength = 0;
        hash.update(buffer);
        bytes += buffer.length;
        return buffer;
      };
      for await (const line of lines) {
        pending.push(line);
        pendingLength += line.length;
        if (pendingLength >= BATCH_BYTES) yield take();
      }
      if (pendingLength > 0) yield take();
    }
    const stream = Readable.from(batches(), { objectMode: false });
    const read = new Promise<void>((resolve, reject) => {
      stream.once('end', resolve);
      stream.once('error', reject);
    });
    this.zip.addReadStreamLazy(path, { mtime: this.mtime, mode: 0o100644, compress: true }, (callback) => callback(null, stream));
    await Promise.race([read, this.finished.then(() => undefined)]);
    if (this.failure) throw this.failure;
    return { path, sha256: hash.digest('hex'), bytes };
  }

  /** Adds a small entry whole. */
  addText(path: string, text: string): ArchivedEntry {
    const buffer = Buffer.from(text, 'utf8');
    this.zip.addBuffer(buffer, path, { mtime: this.mtime, mode: 0o100644, compress: true });
    return { path, sha256: createHash('sha256').update(buffer).digest('hex'), bytes: buffer.length };
  }

  /** Ends the archive and waits until every byte is in the file (the caller then commits the file). */
  async end(): Promise<void> {
    this.zip.end();
    await this.finished;
  }
}
