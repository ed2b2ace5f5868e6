import type { ImportFormat } from '../../shared/contract/methods/imports';
import { readBrat } from './formats/brat';
import { readCsv } from './formats/csv';
import { readHtml } from './formats/html';
import { readJsonl } from './formats/jsonl';
import { readLabelStudio } from './formats/labelStudio';
import { readPlainText } from './formats/plainText';
import type { FormatReader } from './types';

/** The reader of each format. */
export const READERS: Record<ImportFormat, FormatReader> = {
  text: readPlainText,
  jsonl: readJsonl,
  csv: readCsv,
  html: readHtml,
  labelstudio: readLabelStudio,
  brat: readBrat,
};

/** The annotator name for spans a file does not attribute to anyone: the source tool's name. */
export const DEFAULT_ANNOTATOR: Record<ImportFormat, string> = {
  text: 'Imported',
  jsonl: 'JSONL import',
  csv: 'CSV import',
  html: 'HTML import',
  labelstudio: 'Label Studio',
  brat: 'brat',
};
