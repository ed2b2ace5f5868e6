import { basename, extname } from 'node:path';
import { LIMITS } from '../../../shared/contract/limits';
import { readTextFile } from '../decode';
import type { FormatReader } from '../types';

const TITLE_LENGTH = 200;

/**
 * Plain text: each file is one document, stored exactly as decoded. The title is the first
 * non-empty line when it is short enough to be one, else the file name.
 */
export const readPlainText: FormatReader = async function* (unit, context) {
  let done = 0;
  for (const file of unit.files) {
    const text = await readTextFile(file.path, file.name, LIMITS.importWholeFileBytes);
    done += file.bytes;
    context.onBytes(done);
    const firstLine = text
      .split(/\r\n|\r|\n/)
      .find((line) => line.trim() !== '')
      ?.trim();
    const title = firstLine && [...firstLine].length <= TITLE_LENGTH ? firstLine : basename(file.name, extname(file.name));
    yield { at: { file: file.name }, text, title, source: null, publishedAt: null, externalId: basename(file.name), metadata: {}, spans: [] };
  }
};
