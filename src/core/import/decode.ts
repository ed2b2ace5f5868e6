import { createReadStream, statSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import { ImportError } from './importError';

/** The encodings import accepts: UTF-8 (with or without a BOM) and UTF-16 with its BOM. */
export type SourceEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export type Sniffed = { encoding: SourceEncoding; bomLength: number };

const MB = 1024 * 1024;

/** Human size: "32 MB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / (1024 * MB)).toFixed(bytes % (1024 * MB) === 0 ? 0 : 1)} GB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(bytes % MB === 0 ? 0 : 1)} MB`;
  return `${bytes} bytes`;
}

/**
 * Picks the encoding from the first bytes: a BOM decides (and is dropped); without one the file
 * must be UTF-8, and a file whose every other byte is NUL is refused as UTF-16 without a BOM
 * rather than decoded into garbage.
 */
export function sniffEncoding(head: Uint8Array, file: string): Sniffed {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const sample = head.subarray(0, 4096);
  if (sample.length >= 4) {
    let evenNuls = 0;
    let oddNuls = 0;
    for (let i = 0; i < sample.length; i++) {
      if (sample[i] !== 0) continue;
      if (i % 2 === 0) evenNuls++;
      else oddNuls++;
    }
    const half = sample.length / 2;
    if (evenNuls > half * 0.3 || oddNuls > half * 0.3) {
      throw new ImportError(
        { file, byte: sample.indexOf(0) },
        `this looks like UTF-16 text without a byte-order mark (${evenNuls + oddNuls} NUL bytes in the first ${sample.length}). Save it as UTF-8, or as UTF-16 with a BOM.`,
      );
    }
  }
  return { encoding: 'utf-8', bomLength: 0 };
}

/**
 * Index of the first byte in `bytes[from, to)` that does not start or continue a well-formed
 * UTF-8 sequence (overlongs, surrogates and code points past U+10FFFF included), or -1.
 * TextDecoder's fatal mode says only *that* the input is bad; users need *where*.
 */
export function findInvalidUtf8(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let i = from;
  while (i < to) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + need >= to) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Checks a file's size against a limit before anything is read. */
export function checkFileSize(path: string, file: string, maxBytes: number): number {
  const { size } = statSync(path);
  if (size > maxBytes) {
    throw new ImportError({ file }, `the file is ${formatBytes(size)}, over the limit of ${formatBytes(maxBytes)} for this format.`, 'too_large');
  }
  return size;
}

function utf8Decoder(): TextDecoder {
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
}

/** Decodes a UTF-8 byte range that is known to be whole characters, naming the first bad byte. */
function decodeUtf8(bytes: Uint8Array, decoder: TextDecoder, file: string, fileOffset: number, line?: number): string {
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    throw new ImportError({ file, line, byte: fileOffset + nul }, 'the file contains a NUL byte; it is not a text file (or is UTF-16 without a BOM).');
  try {
    return decoder.decode(bytes);
  } catch {
    const bad = findInvalidUtf8(bytes);
    throw new ImportError({ file, line, byte: fileOffset + Math.max(bad, 0) }, 'not UTF-8 (an invalid byte sequence starts here). Save the file as UTF-8.');
  }
}

function utf16Text(text: string, file: string, lineOf: (index: number) => number | undefined): string {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw new ImportError({ file, line: lineOf(nul) }, 'the file contains a NUL character; it is not a text file.');
  return text;
}

/**
 * Reads a whole (size-capped) text file: BOM sniffed and dropped, UTF-8 validated with the bad
 * byte named, NUL refused. The text is otherwise exactly as in the file (line breaks kept).
 */
export function readTextFile(path: string, file: string, maxBytes: number): Promise<string> {
  checkFileSize(path, file, maxBytes);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    createReadStream(path)
      .on('data', (chunk) => chunks.push(chunk as Buffer))
      .on('error', (error) => reject(new ImportError({ file }, `cannot be read (${error.message}).`)))
      .on('end', () => {
        try {
          resolve(decodeWhole(Buffer.concat(chunks), file));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
  });
}

/** Decodes a whole file's bytes (see {@link readTextFile}). */
export function decodeWhole(bytes: Buffer, file: string): string {
  const { encoding, bomLength } = sniffEncoding(bytes, file);
  const body = bytes.subarray(bomLength);
  if (encoding === 'utf-8') return decodeUtf8(body, utf8Decoder(), file, bomLength);
  if (body.length % 2 !== 0) throw new ImportError({ file, byte: bytes.length - 1 }, `${encoding.toUpperCase()} text with an odd number of bytes (truncated).`);
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw new ImportError({ file }, `not valid ${encoding.toUpperCase()} (an unpaired surrogate).`);
  }
  return utf16Text(text, file, (index) => lineNumberAt(text, index));
}

/** 1-based line number of a UTF-16 index in a text. */
export function lineNumberAt(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < index; at = text.indexOf('\n', at + 1)) line++;
  return line;
}

export type SourceLine = { text: string; line: number; byte: number };

export type StreamOptions = {
  file: string;
  maxFileBytes: number;
  maxLineBytes: number;
  /** Called with the bytes read so far, for progress. */
  onBytes?: (bytesRead: number) => void;
  /** Called with every raw chunk, to checksum the file while it is read. */
  onChunk?: (chunk: Buffer) => void;
};

/**
 * Streams a text file line by line (lines end at `\n`; a `\r` before it stays on the line) with
 * flat memory: a line longer than `maxLineBytes` is refused by its number as soon as the limit is
 * passed, without reading the rest of it into memory.
 */
export async function* readLines(path: string, options: StreamOptions): AsyncGenerator<SourceLine> {
  const { file, maxLineBytes } = options;
  checkFileSize(path, file, options.maxFileBytes);
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let sniffed: Sniffed | null = null;
  let utf16: TextDecoder | null = null;
  let utf16Pending = '';
  const utf8 = utf8Decoder();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineStartByte = 0;
  let line = 1;
  let read = 0;
  const tooLong = () =>
    new ImportError(
      { file, line, byte: lineStartByte },
      `the line is longer than ${formatBytes(maxLineBytes)}; a record may be at most that long.`,
      'too_large',
    );
  try {
    for await (const raw of stream as AsyncIterable<Buffer>) {
      options.onChunk?.(raw);
      let chunk = raw;
      const chunkStart = read;
      read += raw.length;
      options.onBytes?.(read);
      if (!sniffed) {
        sniffed = sniffEncoding(chunk, file);
        chunk = chunk.subarray(sniffed.bomLength);
        lineStartByte = sniffed.bomLength;
        if (sniffed.encoding !== 'utf-8') utf16 = new TextDecoder(sniffed.encoding, { fatal: true, ignoreBOM: true });
      }
      if (utf16) {
        let decoded: string;
        try {
          decoded = utf16Pending + utf16.decode(chunk, { stream: true });
        } catch {
          throw new ImportError({ file, line, byte: chunkStart }, 'not valid UTF-16 (an unpaired surrogate) in this chunk of the file.');
        }
        let from = 0;
        for (let nl = decoded.indexOf('\n'); nl >= 0; nl = decoded.indexOf('\n', from)) {
          const text = decoded.slice(from, nl);
          if (text.length * 2 > maxLineBytes) throw tooLong();
          yield { text: utf16Text(text, file, () => line), line, byte: lineStartByte };
          lineStartByte += (text.length + 1) * 2;
          line++;
          from = nl + 1;
        }
        utf16Pending = decoded.slice(from);
        if (utf16Pending.length * 2 > maxLineBytes) throw tooLong();
        continue;
      }
      let from = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, from)) {
        const piece = chunk.subarray(from, nl);
        let bytes: Buffer = piece;
        if (pendingBytes > 0) {
          bytes = Buffer.concat([...pending, piece]);
          pending = [];
          pendingBytes = 0;
        }
        if (bytes.length > maxLineBytes) throw tooLong();
        yield { text: decodeUtf8(bytes, utf8, file, lineStartByte, line), line, byte: lineStartByte };
        lineStartByte += bytes.length + 1;
        line++;
        from = nl + 1;
      }
      if (from < chunk.length) {
        const rest = chunk.subarray(from);
        pendingBytes += rest.length;
        if (pendingBytes > maxLineBytes) throw tooLong();
        pending.push(Buffer.from(rest));
      }
    }
    if (utf16) {
      let tail: string;
      try {
        tail = utf16Pending + utf16.decode();
      } catch {
        throw new ImportError({ file, line }, 'not valid UTF-16 (the file ends inside a character).');
      }
      if (tail.length > 0) yield { text: utf16Text(tail, file, () => line), line, byte: lineStartByte };
    } else if (pendingBytes > 0) {
      yield { text: decodeUtf8(Buffer.concat(pending), utf8, file, lineStartByte, line), line, byte: lineStartByte };
    }
  } finally {
    stream.destroy();
  }
}

/**
 * Streams a text file as decoded string chunks (for parsers that take text: CSV, JSON arrays),
 * with the same checks as {@link readLines}: BOM, UTF-8 validity with the byte named, NUL.
 */
export async function* readTextChunks(path: string, options: Omit<StreamOptions, 'maxLineBytes'>): AsyncGenerator<string> {
  const { file } = options;
  checkFileSize(path, file, options.maxFileBytes);
  const stream = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let sniffed: Sniffed | null = null;
  let decoder: TextDecoder | null = null;
  let carry: Buffer = Buffer.alloc(0);
  let read = 0;
  let carryStart = 0;
  try {
    for await (const raw of stream as AsyncIterable<Buffer>) {
      options.onChunk?.(raw);
      const chunkStart = read;
      read += raw.length;
      options.onBytes?.(read);
      let chunk = raw;
      if (!sniffed) {
        sniffed = sniffEncoding(chunk, file);
        chunk = chunk.subarray(sniffed.bomLength);
        carryStart = sniffed.bomLength;
        decoder = new TextDecoder(sniffed.encoding, { fatal: true, ignoreBOM: true });
      }
      if (sniffed.encoding !== 'utf-8') {
        let text: string;
        try {
          text = decoder?.decode(chunk, { stream: true }) ?? '';
        } catch {
          throw new ImportError({ file, byte: chunkStart }, 'not valid UTF-16 (an unpaired surrogate) in this chunk of the file.');
        }
        if (text.includes('\u0000')) throw new ImportError({ file, byte: chunkStart }, 'the file contains a NUL character; it is not a text file.');
        if (text) yield text;
        continue;
      }
      const bytes = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const whole = completeUtf8Length(bytes);
      const text = decodeUtf8(bytes.subarray(0, whole), decoder ?? utf8Decoder(), file, carryStart);
      carry = Buffer.from(bytes.subarray(whole));
      carryStart += whole;
      if (text) yield text;
    }
    if (carry.length > 0) yield decodeUtf8(carry, utf8Decoder(), file, carryStart);
    if (sniffed && sniffed.encoding !== 'utf-8') {
      try {
        const tail = decoder?.decode() ?? '';
        if (tail) yield tail;
      } catch {
        throw new ImportError({ file }, 'not valid UTF-16 (the file ends inside a character).');
      }
    }
  } finally {
    stream.destroy();
  }
}

/** Length of the prefix of `bytes` that ends on a UTF-8 character boundary (at most 3 bytes held back). */
function completeUtf8Length(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    if (b >= 0xc0) {
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return size > back ? n - back : n;
    }
    return n;
  }
  return n;
}
