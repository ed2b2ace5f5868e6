/**
 * Reads the number and its qualifier out of a CASUALTY_COUNT span ("at least 40", "nearly 25,105",
 * "three", "a dozen", "dozens", "no deaths", "أكثر من 40", "ثلاثة"), following the value
 * conventions of the annotation guidelines (§1): thousands separators dropped, tens = 10,
 * dozens = 12, hundreds = 100, several or many = no value. Used to pre-fill the span's attributes
 * (the annotator corrects them) and, later, by suggestion rules.
 *
 * The parser reads the leading number expression and ignores trailing words that are not part of
 * it, so a span that wrongly includes its victim noun ("three soldiers") still reads as 3.
 */

/** The qualifier values of the default schema's CASUALTY_COUNT label. */
export const CASUALTY_QUALIFIERS = ['exact', 'at_least', 'more_than', 'approximately', 'nearly', 'up_to', 'range', 'vague'] as const;
export type CasualtyQualifier = (typeof CASUALTY_QUALIFIERS)[number];

/**
 * What a casualty phrase says: the number (null when the phrase gives none, as in "several") and
 * how precise it is. For a range ("between 10 and 15") `value` is the lower bound, the most
 * conservative figure, and `high` the upper one.
 */
export type CasualtyCount = { value: number | null; qualifier: CasualtyQualifier; high?: number };

type Qualifier = Exclude<CasualtyQualifier, 'exact' | 'range' | 'vague'>;

/** Qualifier phrases before the number, longest first within each language (matched on normalised text). */
const PREFIX_QUALIFIERS: [string, Qualifier][] = [
  ['no fewer than', 'at_least'],
  ['no less than', 'at_least'],
  ['not less than', 'at_least'],
  ['a minimum of', 'at_least'],
  ['at least', 'at_least'],
  ['in excess of', 'more_than'],
  ['upwards of', 'more_than'],
  ['more than', 'more_than'],
  ['over', 'more_than'],
  ['close to', 'nearly'],
  ['just under', 'nearly'],
  ['nearly', 'nearly'],
  ['almost', 'nearly'],
  ['approximately', 'approximately'],
  ['an estimated', 'approximately'],
  ['estimated', 'approximately'],
  ['roughly', 'approximately'],
  ['around', 'approximately'],
  ['about', 'approximately'],
  ['approx.', 'approximately'],
  ['approx', 'approximately'],
  ['circa', 'approximately'],
  ['some', 'approximately'],
  ['~', 'approximately'],
  ['as many as', 'up_to'],
  ['no more than', 'up_to'],
  ['fewer than', 'up_to'],
  ['less than', 'up_to'],
  ['at most', 'up_to'],
  ['up to', 'up_to'],
  // Arabic, after normalisation (alef forms folded, taa marbuta as haa, no diacritics).
  ['ما لا يقل عن', 'at_least'],
  ['لا يقل عن', 'at_least'],
  ['على الاقل', 'at_least'],
  ['ما يزيد عن', 'more_than'],
  ['ما يزيد على', 'more_than'],
  ['ما يربو على', 'more_than'],
  ['اكثر من', 'more_than'],
  ['ما يقارب', 'approximately'],
  ['حوالي', 'approximately'],
  ['حوالى', 'approximately'],
  ['زهاء', 'approximately'],
  ['نحو', 'approximately'],
  ['ما يناهز', 'nearly'],
  ['قرابه', 'nearly'],
  ['ما يصل الى', 'up_to'],
  ['حتى', 'up_to'],
];

/** Qualifier phrases after the number ("40 or more", "34 على الأقل"). */
const SUFFIX_QUALIFIERS: [string, Qualifier][] = [
  ['or more', 'at_least'],
  ['and more', 'at_least'],
  ['+', 'at_least'],
  ['-plus', 'at_least'],
  ['plus', 'at_least'],
  ['at least', 'at_least'],
  ['or so', 'approximately'],
  ['على الاقل', 'at_least'],
  ['تقريبا', 'approximately'],
];

/** Plural quantity words with the guidelines' conventional value (null: no value). */
const VAGUE_WORDS = new Map<string, number | null>([
  ['tens', 10],
  ['dozens', 12],
  ['scores', 20],
  ['hundreds', 100],
  ['thousands', 1000],
  ['several', null],
  ['many', null],
  ['numerous', null],
  ['multiple', null],
  ['a number of', null],
  ['a few', null],
  ['few', null],
  ['عشرات', 10],
  ['مئات', 100],
  ['الاف', 1000],
  ['عده', null],
  ['عدد من', null],
  ['العديد من', null],
  ['العشرات', 10],
  ['المئات', 100],
]);

/** Phrases that state zero, on their own or before a noun ("no deaths", "لا قتلى"). */
const ZERO_WORDS = new Set(['no', 'zero', 'none', 'nobody', 'no one', 'no-one', 'nil', 'لا', 'صفر', 'لم']);

const ENGLISH_UNITS = new Map<string, number>(
  [
    'zero',
    'one',
    'two',
    'three',
    'four',
    'five',
    'six',
    'seven',
    'eight',
    'nine',
    'ten',
    'eleven',
    'twelve',
    'thirteen',
    'fourteen',
    'fifteen',
    'sixteen',
    'seventeen',
    'eighteen',
    'nineteen',
  ].map((word, value) => [word, value]),
);
const ENGLISH_TENS = new Map<string, number>(
  ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].map((word, i) => [word, (i + 2) * 10]),
);

/** Arabic number words after normalisation; both genders and both case endings. */
const ARABIC_UNITS = new Map<string, number>([
  ['صفر', 0],
  ['واحد', 1],
  ['واحده', 1],
  ['احد', 1],
  ['احدى', 1],
  ['اثنان', 2],
  ['اثنين', 2],
  ['اثنتان', 2],
  ['اثنتين', 2],
  ['اثنا', 2],
  ['اثني', 2],
  ['اثنتا', 2],
  ['اثنتي', 2],
  ['ثلاث', 3],
  ['ثلاثه', 3],
  ['اربع', 4],
  ['اربعه', 4],
  ['خمس', 5],
  ['خمسه', 5],
  ['ست', 6],
  ['سته', 6],
  ['سبع', 7],
  ['سبعه', 7],
  ['ثمان', 8],
  ['ثماني', 8],
  ['ثمانيه', 8],
  ['تسع', 9],
  ['تسعه', 9],
  ['عشر', 10],
  ['عشره', 10],
]);
const ARABIC_TENS = new Map<string, number>(
  [
    ['عشرون', 'عشرين'],
    ['ثلاثون', 'ثلاثين'],
    ['اربعون', 'اربعين'],
    ['خمسون', 'خمسين'],
    ['ستون', 'ستين'],
    ['سبعون', 'سبعين'],
    ['ثمانون', 'ثمانين'],
    ['تسعون', 'تسعين'],
  ].flatMap(([nominative, oblique], i) => [
    [nominative ?? '', (i + 2) * 10],
    [oblique ?? '', (i + 2) * 10],
  ]),
);
const ARABIC_HUNDREDS = new Map<string, number>([
  ['مئه', 100],
  ['مائه', 100],
  ['مئتان', 200],
  ['مئتين', 200],
  ['مائتان', 200],
  ['مائتين', 200],
]);
const ARABIC_THOUSANDS = new Map<string, number>([
  ['الف', 1000],
  ['الفا', 1000],
  ['الفان', 2000],
  ['الفين', 2000],
  ['الاف', 1000],
]);

/** Multipliers that close a group ("thousand", "million"), in English and Arabic. */
const SCALES = new Map<string, number>([
  ['thousand', 1_000],
  ['million', 1_000_000],
  ['billion', 1_000_000_000],
  ['مليون', 1_000_000],
  ['ملايين', 1_000_000],
]);

/** Parses a CASUALTY_COUNT span's text; null when it holds no number expression at all. */
export function parseCasualtyCount(text: string): CasualtyCount | null {
  let rest = normalise(text);
  if (rest === '') return null;

  let qualifier: Qualifier | null = null;
  const prefix = matchPhrase(rest, PREFIX_QUALIFIERS);
  if (prefix) {
    qualifier = prefix.value;
    rest = prefix.rest;
  }

  const zero = readZero(rest);
  if (zero) return { value: 0, qualifier: qualifier ?? 'exact' };

  const range = readRange(rest);
  if (range) return { value: range.low, high: range.high, qualifier: 'range' };

  const number = readNumber(rest);
  if (!number) {
    const vague = matchPhrase(
      rest,
      [...VAGUE_WORDS].map(([word, value]) => [word, value] as [string, number | null]),
    );
    if (!vague) return null;
    return { value: vague.value, qualifier: qualifier ?? 'vague' };
  }
  const suffix = matchPhrase(number.rest, SUFFIX_QUALIFIERS);
  if (!qualifier && suffix) qualifier = suffix.value;
  return { value: number.value, qualifier: number.vague && !qualifier ? 'vague' : (qualifier ?? 'exact') };
}

/**
 * Folds what does not change the meaning for parsing (never for storage): case, digit scripts,
 * Arabic letter variants and diacritics, dashes, spacing, and a trailing "+" set apart.
 */
function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u0660-\u0669]/g, (digit) => String(digit.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (digit) => String(digit.charCodeAt(0) - 0x06f0))
    .replace(/[\u064b-\u0652\u0670\u0640]/g, '') // harakat, dagger alef, tatweel
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ة/g, 'ه')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\u066c/g, ',')
    .replace(/\u066b/g, '.')
    .replace(/(\d)\+/g, '$1 +')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .replace(/^[\s"“”'(]+|[\s"“”'),.;:!?،؛]+$/g, '')
    .trim();
}

/** Matches one of the phrases at the start of the text, as whole words. */
function matchPhrase<V>(text: string, phrases: [string, V][]): { value: V; rest: string } | null {
  let best: { value: V; rest: string; length: number } | null = null;
  for (const [phrase, value] of phrases) {
    if (!text.startsWith(phrase)) continue;
    const after = text.slice(phrase.length);
    const wordEnds = after === '' || after.startsWith(' ') || /^[^\p{L}\p{N}]/u.test(phrase.slice(-1)) || /^[^\p{L}\p{N}]/u.test(after);
    if (wordEnds && (!best || phrase.length > best.length)) best = { value, rest: after.trim(), length: phrase.length };
  }
  return best ? { value: best.value, rest: best.rest } : null;
}

/** "no deaths", "none", "zero", "لا قتلى". */
function readZero(text: string): boolean {
  const words = text.split(' ');
  const first = words[0] ?? '';
  if (first === 'no' && words[1] === 'one') return true;
  if (!ZERO_WORDS.has(first)) return false;
  // "no" and "لا" state zero only before a noun; "zero", "none" and "nobody" stand alone.
  return first === 'no' || first === 'لا' || first === 'لم' ? words.length > 1 : true;
}

/** "between 10 and 15", "10 to 15", "10-15", "two or three", "بين 10 و 15", "من 10 الى 15". */
function readRange(text: string): { low: number; high: number } | null {
  const body = text.replace(/^(between|from|بين|من) /, '');
  for (const joiner of [/^-\s?/, /^(to|and|or|الى|او) /, /^و ?/]) {
    const low = readNumber(body);
    if (!low || low.vague) continue;
    const afterJoiner = low.rest.replace(joiner, '');
    if (afterJoiner === low.rest) continue;
    const high = readNumber(afterJoiner);
    if (high && !high.vague && high.value !== null && low.value !== null && high.value > low.value) return { low: low.value, high: high.value };
  }
  return null;
}

type NumberRead = { value: number | null; rest: string; vague: boolean };

/** Reads digits (with thousands separators) or number words at the start of the text. */
function readNumber(text: string): NumberRead | null {
  const digits = /^(\d{1,3}(?:([,. ])\d{3})(?:\2\d{3})*|\d+)(?:[.,](\d+))?(?![\d])/.exec(text);
  if (digits) {
    const whole = Number((digits[1] ?? '').replace(/[,. ]/g, ''));
    const fraction = digits[3] ? Number(`0.${digits[3]}`) : 0;
    let rest = text.slice(digits[0].length).trim();
    let value = whole + fraction;
    const scale = readScale(rest);
    if (scale) {
      value *= scale.factor;
      rest = scale.rest;
    }
    return { value: Number.isInteger(value) ? value : null, rest, vague: false };
  }
  return readNumberWords(text);
}

function readScale(text: string): { factor: number; rest: string } | null {
  const word = text.split(' ')[0] ?? '';
  const factor = SCALES.get(word) ?? (word === 'dozen' ? 12 : word === 'hundred' ? 100 : (ARABIC_THOUSANDS.get(word) ?? null));
  return factor === null ? null : { factor, rest: text.slice(word.length).trim() };
}

/** Number words in English or Arabic, composed the usual way ("two hundred and five", "خمسة وعشرون"). */
function readNumberWords(text: string): NumberRead | null {
  const words = text.split(' ');
  let total = 0;
  let current = 0;
  let seen = false;
  let index = 0;
  // "a dozen", "a hundred", "half a dozen": the article counts only before a multiplier.
  const article = (word: string | undefined) => word === 'a' || word === 'an';
  for (; index < words.length; index++) {
    const raw = words[index] ?? '';
    if (raw === '') continue;
    let word = raw;
    if (raw.startsWith('و') && isArabicNumberWord(raw.slice(1))) {
      // "خمسة وعشرون" (five and twenty) joins; "عشرة وعشرين" (ten and twenty) is two numbers.
      if (!joinsCompound(total, current, raw.slice(1))) break;
      word = raw.slice(1);
    }
    const next = words[index + 1];
    if (article(word) && (next === 'dozen' || next === 'hundred' || next === 'thousand' || next === 'million' || next === 'couple' || next === 'single')) {
      if (next === 'couple') {
        current += 2;
        index += 1;
        seen = true;
        if (words[index + 1] === 'of') index += 1;
        continue;
      }
      if (next === 'single') {
        current += 1;
        index += 1;
        seen = true;
        continue;
      }
      current = Math.max(current, 1);
      seen = true;
      continue;
    }
    if (word === 'half' && article(next) && words[index + 2] === 'dozen') {
      current += 6;
      index += 2;
      seen = true;
      continue;
    }
    if (word === 'and' || word === 'و') {
      // "two hundred and five" joins; "twenty and thirty" is two numbers (a range).
      if (seen && current % 100 === 0 && total + current >= 100) continue;
      break;
    }
    const hyphenated = word.split('-');
    if (hyphenated.length === 2 && ENGLISH_TENS.has(hyphenated[0] ?? '') && ENGLISH_UNITS.has(hyphenated[1] ?? '')) {
      current += (ENGLISH_TENS.get(hyphenated[0] ?? '') ?? 0) + (ENGLISH_UNITS.get(hyphenated[1] ?? '') ?? 0);
      seen = true;
      continue;
    }
    const unit = ENGLISH_UNITS.get(word) ?? ARABIC_UNITS.get(word);
    if (unit !== undefined) {
      // Arabic teens: "ثلاثة عشر" is 3 + 10.
      current += unit;
      seen = true;
      continue;
    }
    const tens = ENGLISH_TENS.get(word) ?? ARABIC_TENS.get(word);
    if (tens !== undefined) {
      current += tens;
      seen = true;
      continue;
    }
    const hundreds = ARABIC_HUNDREDS.get(word);
    if (hundreds !== undefined) {
      current = hundreds === 100 && current > 0 && current < 10 ? current * 100 : current + hundreds;
      seen = true;
      continue;
    }
    // "ثلاثمئة" and "ثلاثمائة" are written as one word.
    const fused = /^(ثلاث|اربع|خمس|ست|سبع|ثمان|تسع)(مئه|مائه)$/.exec(word);
    if (fused) {
      current += (ARABIC_UNITS.get(fused[1] ?? '') ?? 0) * 100;
      seen = true;
      continue;
    }
    if (word === 'hundred' && (seen || index === 0)) {
      current = Math.max(current, 1) * 100;
      seen = true;
      continue;
    }
    if (word === 'dozen' && (seen || index === 0)) {
      current = Math.max(current, 1) * 12;
      seen = true;
      continue;
    }
    const thousands = ARABIC_THOUSANDS.get(word);
    if (thousands !== undefined && seen) {
      total += Math.max(current, 1) * 1000;
      current = 0;
      continue;
    }
    if (thousands !== undefined && thousands > 1000 && !seen) {
      total += thousands;
      seen = true;
      continue;
    }
    const scale = SCALES.get(word);
    if (scale !== undefined && seen) {
      total += Math.max(current, 1) * scale;
      current = 0;
      continue;
    }
    // "dozens", "hundreds": a vague count after nothing else.
    if (!seen && VAGUE_WORDS.has(word)) {
      const value = VAGUE_WORDS.get(word) ?? null;
      return { value, rest: words.slice(index + 1).join(' '), vague: true };
    }
    break;
  }
  if (!seen) return null;
  return { value: total + current, rest: words.slice(index).join(' '), vague: false };
}

/** Whether an Arabic "و" + number word continues the number read so far rather than starting another. */
function joinsCompound(total: number, current: number, word: string): boolean {
  if (current > 0 && current < 10 && ARABIC_TENS.has(word)) return true;
  return current % 100 === 0 && total + current >= 100;
}

function isArabicNumberWord(word: string): boolean {
  return ARABIC_UNITS.has(word) || ARABIC_TENS.has(word) || ARABIC_HUNDREDS.has(word) || ARABIC_THOUSANDS.has(word);
}
