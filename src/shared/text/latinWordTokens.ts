/**
 * A fast path of the project tokenizer for texts made only of Latin-script letters, digits,
 * common punctuation and whitespace: the same tokens as `tokenizeWithSegmenter`, twenty times
 * faster or more. `Intl.Segmenter` costs about a microsecond per segment (15 s or more for 10,000
 * articles of 3 KB, most of the time of agreement); the texts this project sees are mostly Latin.
 *
 * For these characters, Unicode word segmentation (UAX #29, as ICU applies it) reduces to a few
 * rules between neighbours, implemented below with their rule numbers. None of the characters
 * is Extend, Format, ZWJ, Katakana, Hebrew, a regional indicator or an emoji, and each is a
 * grapheme cluster of its own, so no other rule can apply and every non-word segment is a single
 * character. Anything else (Arabic, combining marks, emoji, soft hyphen, rare spaces) goes the
 * Segmenter path. `latinWordTokens.test.ts` checks the two paths against each other exhaustively
 * on short strings and on random and real texts.
 */
import { TokenBuffer } from './tokenBuffer';
import type { Token } from './tokenize';

const NOT_SIMPLE = 0;
const OTHER = 1;
const SPACE = 2;
const LETTER = 3;
const NUMERIC = 4;
const MID_LETTER = 5;
const MID_NUM_LET = 6;
const MID_NUM = 7;
const SINGLE_QUOTE = 8;
const EXTEND_NUM_LET = 9;

/** Highest code unit the table covers. */
const TABLE_END = 0x20ad;
/** Word-break class of each code unit the fast path accepts; 0 for the others. */
const CLASS = buildClassTable();

function buildClassTable(): Uint8Array {
  const table = new Uint8Array(TABLE_END);
  const letter = /^\p{L}$/u;
  const set = (from: number, to: number, value: number) => table.fill(value, from, to + 1);
  // ASCII: printable characters and the whitespace controls (tab, line feed, vertical tab, form feed, carriage return).
  set(0x21, 0x7e, OTHER);
  for (const unit of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0]) table[unit] = SPACE;
  set(0x41, 0x5a, LETTER);
  set(0x61, 0x7a, LETTER);
  set(0x30, 0x39, NUMERIC);
  table[0x3a] = MID_LETTER; // ':'
  table[0x2e] = MID_NUM_LET; // '.'
  table[0x2c] = MID_NUM; // ','
  table[0x3b] = MID_NUM; // ';'
  table[0x27] = SINGLE_QUOTE; // "'"
  table[0x5f] = EXTEND_NUM_LET; // '_'
  // Latin-1 and Latin Extended-A/B: letters are ALetter, the rest is punctuation or symbols.
  for (let unit = 0xa1; unit <= 0x24f; unit++) table[unit] = letter.test(String.fromCharCode(unit)) ? LETTER : OTHER;
  table[0xad] = NOT_SIMPLE; // soft hyphen: Format, which word segmentation skips over (WB4)
  table[0xb8] = NOT_SIMPLE; // cedilla: ICU's tailoring makes it a letter; left to the segmenter
  table[0xb7] = MID_LETTER; // '·'
  // General punctuation seen in news: dashes, curly quotes, bullet, ellipsis, and the euro sign.
  set(0x2010, 0x2015, OTHER);
  table[0x2018] = MID_NUM_LET; // '‘'
  table[0x2019] = MID_NUM_LET; // '’'
  table[0x201c] = OTHER; // '“'
  table[0x201d] = OTHER; // '”'
  table[0x2022] = OTHER; // '•'
  table[0x2026] = OTHER; // '…'
  table[0x20ac] = OTHER; // '€'
  return table;
}

/** Whether every character of the text is one the fast path handles exactly. */
export function isLatinSimpleText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= TABLE_END || CLASS[unit] === NOT_SIMPLE) return false;
  }
  return true;
}

const isLetter = (c: number) => c === LETTER;
/** MidLetter or MidNumLetQ (WB6, WB7). */
const isMidLetterQ = (c: number) => c === MID_LETTER || c === MID_NUM_LET || c === SINGLE_QUOTE;
/** MidNum or MidNumLetQ (WB11, WB12). */
const isMidNumQ = (c: number) => c === MID_NUM || c === MID_NUM_LET || c === SINGLE_QUOTE;

/** Whether UAX #29 keeps the characters at `i - 1` and `i` in one segment (classes given). */
function joins(before2: number, before: number, after: number, after2: number): boolean {
  if (before === SPACE || after === SPACE) return false; // WB3a, WB3b, WB999 (runs of spaces are dropped anyway)
  if (isLetter(before) && isLetter(after)) return true; // WB5
  if (isLetter(before) && isMidLetterQ(after) && isLetter(after2)) return true; // WB6
  if (isLetter(before2) && isMidLetterQ(before) && isLetter(after)) return true; // WB7
  if (before === NUMERIC && after === NUMERIC) return true; // WB8
  if (isLetter(before) && after === NUMERIC) return true; // WB9
  if (before === NUMERIC && isLetter(after)) return true; // WB10
  if (before2 === NUMERIC && isMidNumQ(before) && after === NUMERIC) return true; // WB11
  if (before === NUMERIC && isMidNumQ(after) && after2 === NUMERIC) return true; // WB12
  if ((isLetter(before) || before === NUMERIC || before === EXTEND_NUM_LET) && after === EXTEND_NUM_LET) return true; // WB13a
  if (before === EXTEND_NUM_LET && (isLetter(after) || after === NUMERIC)) return true; // WB13b
  return false; // WB999
}

/**
 * The project tokens of a text for which `isLatinSimpleText` holds: every maximal run of joined
 * characters that is not whitespace. (Each such run is a word-like segment, or a single
 * punctuation character, which is its own grapheme cluster.)
 */
export function latinWordTokens(text: string): Token[] {
  const buffer = new TokenBuffer();
  latinWordTokensInto(text, buffer);
  return buffer.toTokens();
}

/** As latinWordTokens, into a buffer (cleared first). */
export function latinWordTokensInto(text: string, tokens: TokenBuffer): void {
  tokens.clear();
  const length = text.length;
  let start = -1;
  // Classes of the characters at i - 2, i - 1, i and i + 1; OTHER beyond the text, which no rule joins.
  let before2 = OTHER;
  let before = OTHER;
  let current = length > 0 ? CLASS[text.charCodeAt(0)]! : OTHER;
  for (let i = 0; i < length; i++) {
    const after = i + 1 < length ? CLASS[text.charCodeAt(i + 1)]! : OTHER;
    if (start >= 0 && !joins(before2, before, current, after)) {
      tokens.push(start, i);
      start = -1;
    }
    if (start < 0 && current !== SPACE) start = i;
    before2 = before;
    before = current;
    current = after;
  }
  if (start >= 0) tokens.push(start, length);
}
