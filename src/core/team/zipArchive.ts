import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { WorkbenchError } from '../errors';

/** Caps checked from the central directory before a single byte is decompressed. */
export type ArchiveLimits = {
  /** What the file is, in messages: "bundle" or "package". */
  kind: string;
  /** Largest archive file accepted. */
  maxFileBytes: number;
  /** Most entries accepted. */
  maxEntries: number;
  /** Largest sum of the entries' uncompressed sizes. */
  maxTotalBytes: number;
  /** Largest uncompressed size of one entry, by name (the default for names not listed). */
  maxEntryBytes: (name: string) => number;
  /** Highest uncompressed/compressed ratio of an entry larger than {@link RATIO_FLOOR_BYTES}, and of the whole archive. */
  maxRatio: number;
  /** The entry names this kind of archive may hold; anything else refuses the archive. */
  allowedName: (name: string) => boolean;
};

/** Entries smaller than this may compress as well as they like (a tiny file cannot be a bomb). */
export const RATIO_FLOOR_BYTES = 1024 * 1024;

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;

/** An archive refused as a whole: the message names the file and says why. */
export class ArchiveError extends WorkbenchError {
  override name = 'ArchiveError';
  constructor(file: string, problem: string, code: 'invalid_input' | 'too_large' | 'unsupported' = 'invalid_input') {
    super(code, `${file}: ${problem}`, { file });
  }
}

/** Why an entry name is unsafe (absolute, climbing out, a drive letter, a backslash…), or null when it is a plain relative path. */
export function unsafeEntryName(name: string): string | null {
  if (name === '') return 'an entry has an empty name';
  if (name.startsWith('/')) return `the entry "${name}" has an absolute path`;
  if (/^[A-Za-z]:/.test(name)) return `the entry "${name}" names a drive`;
  if (name.includes('\\')) return `the entry "${name}" has a backslash in its path`;
  if (name.includes('\u0000')) return 'an entry name contains a NUL character';
  const segments = name.split('/');
  if (segments.some((segment) => segment === '..')) return `the entry "${name}" climbs out of the archive ("..")`;
  if (segments.some((segment) => segment === '' || segment === '.')) return `the entry "${name}" has an empty or "." path segment`;
  return null;
}

/** One entry's checked facts. */
export type ArchiveEntry = { name: string; bytes: number; compressedBytes: number };

/**
 * A zip archive opened for reading, after every check that can be made without decompressing:
 * it is a zip at all (a truncated file has no central directory), its entry count, each name
 * (no absolute paths, no "..", no backslashes, only the names this kind of archive has), no
 * symbolic links, no folders, no encryption, only stored or deflated data, each entry's size and
 * compression ratio, and the total size. Entries are then read as streams whose sizes yauzl
 * holds to the declared ones (a lying header is caught while reading), so nothing larger than
 * the caps is ever inflated. Nothing is ever written to disk: entry names are never used as paths.
 */
export class ZipArchive {
  private constructor(
    readonly file: string,
    private readonly zip: yauzl.ZipFile,
    private readonly entries: Map<string, { entry: yauzl.Entry; facts: ArchiveEntry }>,
  ) {}

  /** Opens and checks an archive; throws {@link ArchiveError} naming `file` when it is refused. */
  static async open(path: string, file: string, limits: ArchiveLimits): Promise<ZipArchive> {
    let size: number;
    try {
      const stats = statSync(path);
      if (!stats.isFile()) throw new ArchiveError(file, 'not a file.');
      size = stats.size;
    } catch (error) {
      if (error instanceof ArchiveError) throw error;
      throw new WorkbenchError('not_found', `${file}: the file does not exist or cannot be read.`);
    }
    if (size > limits.maxFileBytes)
      throw new ArchiveError(file, `${size} bytes is over the ${limits.kind} limit of ${limits.maxFileBytes} bytes.`, 'too_large');
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(path, { autoClose: false, strictFileNames: true, validateEntrySizes: true, decodeStrings: true });
    } catch (error) {
      throw new ArchiveError(file, `not a complete ${limits.kind} (a truncated or damaged zip file: ${messageOf(error)}).`);
    }
    try {
      if (zip.entryCount > limits.maxEntries) {
        throw new ArchiveError(
          file,
          `${zip.entryCount} entries is over the ${limits.kind} limit of ${limits.maxEntries}; refused before extracting anything.`,
          'too_large',
        );
      }
      const entries = new Map<string, { entry: yauzl.Entry; facts: ArchiveEntry }>();
      let total = 0;
      let compressedTotal = 0;
      let iterator: AsyncIterableIterator<yauzl.Entry>;
      try {
        iterator = zip.eachEntry();
      } catch (error) {
        throw new ArchiveError(file, `not a readable ${limits.kind}: ${messageOf(error)}.`);
      }
      for (;;) {
        let next: IteratorResult<yauzl.Entry>;
        try {
          next = await iterator.next();
        } catch (error) {
          // yauzl's own name check (absolute paths, "..") and central-directory damage land here.
          throw new ArchiveError(file, `refused: ${messageOf(error)}.`);
        }
        if (next.done) break;
        const entry = next.value;
        const name = entry.fileName;
        const unsafe = unsafeEntryName(name);
        if (unsafe) throw new ArchiveError(file, `refused: ${unsafe}.`);
        const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
        if (mode === S_IFLNK) throw new ArchiveError(file, `refused: the entry "${name}" is a symbolic link.`);
        if (name.endsWith('/') || (mode !== 0 && mode !== S_IFREG)) throw new ArchiveError(file, `refused: the entry "${name}" is not a regular file.`);
        if (!limits.allowedName(name)) throw new ArchiveError(file, `refused: a ${limits.kind} has no entry called "${name}".`);
        if (entries.has(name)) throw new ArchiveError(file, `refused: the entry "${name}" appears twice.`);
        if (entry.isEncrypted()) throw new ArchiveError(file, `refused: the entry "${name}" is encrypted.`);
        if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
          throw new ArchiveError(file, `refused: the entry "${name}" uses compression method ${entry.compressionMethod} (only stored and deflate are read).`);
        }
        const cap = limits.maxEntryBytes(name);
        if (entry.uncompressedSize > cap) {
          throw new ArchiveError(
            file,
            `refused before extracting: the entry "${name}" would be ${entry.uncompressedSize} bytes, over its limit of ${cap}.`,
            'too_large',
          );
        }
        if (entry.uncompressedSize > RATIO_FLOOR_BYTES && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
          throw new ArchiveError(
            file,
            `refused before extracting: the entry "${name}" would expand ${Math.round(entry.uncompressedSize / Math.max(1, entry.compressedSize))} times (a zip bomb?); the limit is ${limits.maxRatio}.`,
            'too_large',
          );
        }
        total += entry.uncompressedSize;
        compressedTotal += entry.compressedSize;
        if (total > limits.maxTotalBytes) {
          throw new ArchiveError(file, `refused before extracting: the entries add up to more than ${limits.maxTotalBytes} bytes.`, 'too_large');
        }
        entries.set(name, { entry, facts: { name, bytes: entry.uncompressedSize, compressedBytes: entry.compressedSize } });
      }
      if (total > RATIO_FLOOR_BYTES && total > limits.maxRatio * Math.max(1, compressedTotal)) {
        throw new ArchiveError(file, `refused before extracting: the archive would expand more than ${limits.maxRatio} times (a zip bomb?).`, 'too_large');
      }
      return new ZipArchive(file, zip, entries);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  /** The checked entries, by name. */
  list(): ArchiveEntry[] {
    return [...this.entries.values()].map((item) => item.facts);
  }

  /** Whether the archive has an entry. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The decompressed bytes of an entry, as a stream (yauzl stops it with an error if it holds more or fewer bytes than declared). */
  async stream(name: string): Promise<Readable> {
    const item = this.entries.get(name);
    if (!item) throw new ArchiveError(this.file, `the entry "${name}" is missing.`);
    try {
      return await this.zip.openReadStreamPromise(item.entry);
    } catch (error) {
      throw new ArchiveError(this.file, `the entry "${name}" cannot be read (${messageOf(error)}).`);
    }
  }

  /** A whole (small) entry as UTF-8 text, checked against its expected SHA-256 when one is given. */
  async readText(name: string, expectedSha256?: string): Promise<string> {
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    try {
      for await (const chunk of await this.stream(name)) {
        hash.update(chunk as Buffer);
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      if (error instanceof ArchiveError) throw error;
      throw new ArchiveError(this.file, `the entry "${name}" is damaged (${messageOf(error)}).`);
    }
    const bytes = Buffer.concat(chunks);
    if (expectedSha256 !== undefined && hash.digest('hex') !== expectedSha256) {
      throw new ArchiveError(this.file, `the checksum of "${name}" does not match the manifest: the file was changed or damaged after it was written.`);
    }
    return decodeUtf8(bytes, this.file, name);
  }

  /**
   * An entry's lines (UTF-8, `\n`-terminated; the last may lack it), each at most `maxLineBytes`,
   * hashed as they stream. After the last line the entry's SHA-256 and size are compared with the
   * manifest's: a caller writing inside a savepoint rolls back when this throws.
   */
  async *lines(
    name: string,
    expected: { sha256: string; bytes: number },
    maxLineBytes: number,
    onBytes?: (bytes: number) => void,
  ): AsyncGenerator<{ text: string; line: number }> {
    const hash = createHash('sha256');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let line = 1;
    let read = 0;
    const stream = await this.stream(name);
    try {
      for await (const raw of stream as AsyncIterable<Buffer>) {
        hash.update(raw);
        read += raw.length;
        onBytes?.(read);
        let from = 0;
        for (let nl = raw.indexOf(10); nl >= 0; nl = raw.indexOf(10, from)) {
          const piece = raw.subarray(from, nl);
          const bytes = pendingBytes > 0 ? Buffer.concat([...pending, piece]) : piece;
          pending = [];
          pendingBytes = 0;
          if (bytes.length > maxLineBytes) throw new ArchiveError(this.file, `${name}, line ${line}: longer than ${maxLineBytes} bytes.`, 'too_large');
          yield { text: decodeUtf8(bytes, this.file, `${name}, line ${line}`), line };
          line++;
          from = nl + 1;
        }
        if (from < raw.length) {
          pendingBytes += raw.length - from;
          if (pendingBytes > maxLineBytes) throw new ArchiveError(this.file, `${name}, line ${line}: longer than ${maxLineBytes} bytes.`, 'too_large');
          pending.push(Buffer.from(raw.subarray(from)));
        }
      }
    } catch (error) {
      stream.destroy();
      if (error instanceof WorkbenchError) throw error;
      throw new ArchiveError(this.file, `the entry "${name}" is damaged (${messageOf(error)}).`);
    }
    if (pendingBytes > 0) yield { text: decodeUtf8(Buffer.concat(pending), this.file, `${name}, line ${line}`), line };
    if (read !== expected.bytes || hash.digest('hex') !== expected.sha256) {
      throw new ArchiveError(this.file, `the checksum of "${name}" does not match the manifest: the file was changed or damaged after it was written.`);
    }
  }

  /** Releases the file. */
  close(): void {
    this.zip.close();
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Buffer, file: string, where: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ArchiveError(file, `${where}: not valid UTF-8.`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
