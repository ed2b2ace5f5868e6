/**
 * How a written form is compared with the text: which differences a match ignores. Folding is
 * used only to compare; spans always keep the exact offsets of the original text.
 *
 * - `ignoreCase`: upper and lower case are the same ("Drone", "drone").
 * - `ignoreDiacritics`: Latin combining marks ("Qaïm" = "Qaim", in NFC or NFD) and Arabic harakat
 *   and tatweel ("العُمَر" = "العمر", "العـمر" = "العمر") are ignored.
 * - `ignoreHyphens`: a hyphen or a space between words is the same ("al-Omar" = "al Omar"), and
 *   the words written together too ("AlOmar").
 * - `foldAlef`: the Arabic alef forms أ إ آ ٱ count as a bare alef ا.
 *
 * Always ignored: the Unicode normalization form (NFC and NFD compare equal), soft hyphens, the
 * kind of apostrophe (’ ' ʼ), and how much whitespace separates words.
 */
export type MatchFlags = { ignoreCase: boolean; ignoreDiacritics: boolean; ignoreHyphens: boolean; foldAlef: boolean };

/** Every fold at once: the key the automaton matches on, before each candidate is checked with its own flags. */
export const FOLD_ALL: MatchFlags = { ignoreCase: true, ignoreDiacritics: true, ignoreHyphens: true, foldAlef: true };
/** Nothing folded beyond what is always folded. */
export const FOLD_NONE: MatchFlags = { ignoreCase: false, ignoreDiacritics: false, ignoreHyphens: false, foldAlef: false };

const APOSTROPHES = /[\u2018\u2019\u02bc\u2032]/gu;
const SOFT_HYPHEN = /\u00ad/gu;
// Combining diacritical marks of Latin, Greek and Cyrillic (the blocks NFD puts accents in).
// eslint-disable-next-line no-misleading-character-class -- a class of lone combining marks, removed one by one on purpose
const LATIN_MARKS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/gu;
// Harakat (tanwin, short vowels, shadda, sukun, minor marks, dagger alef, Quranic marks) and
// tatweel. Not U+0653–U+0655 (madda, hamza above and below): those are parts of letters (آ أ إ).
const ARABIC_MARKS = /[\u064b-\u0652\u0656-\u065f\u0670\u06d6-\u06ed\u0640]/gu;
const ALEF_FORMS = /[\u0622\u0623\u0625\u0671\u0672\u0673]/gu;
// eslint-disable-next-line no-control-regex -- the ASCII range starts at U+0000 on purpose
const ASCII = /^[\u0000-\u007f]*$/u;

/** Whether a token is a hyphen (dropped from the automaton's stream; kept or not by `ignoreHyphens`). */
export function isHyphenToken(token: string): boolean {
  return token.length === 1 && isHyphenUnit(token.charCodeAt(0));
}

/**
 * Whether a UTF-16 unit is a hyphen or a hyphen-like dash (not the em dash, which separates
 * clauses): the test of {@link isHyphenToken}, usable on a one-unit token without slicing it out.
 */
export function isHyphenUnit(unit: number): boolean {
  return unit === 0x2d || (unit >= 0x2010 && unit <= 0x2013) || unit === 0x2212 || unit === 0xfe63 || unit === 0xff0d;
}

/** Whether a token is all ASCII: then lower case is its whole fold (no normalization, no apostrophe or mark to fold). */
export function isAscii(token: string): boolean {
  return ASCII.test(token);
}

/** Folds one token's text for comparison under the given flags (hyphens are handled per token sequence, not here). */
export function foldToken(token: string, flags: MatchFlags): string {
  // ASCII tokens (most of them) need no normalization, and have no typographic apostrophe to fold.
  if (isAscii(token)) return flags.ignoreCase ? token.toLowerCase() : token;
  let folded = token.normalize('NFC').replace(SOFT_HYPHEN, '').replace(APOSTROPHES, "'");
  if (flags.ignoreDiacritics) folded = folded.normalize('NFD').replace(LATIN_MARKS, '').replace(ARABIC_MARKS, '').normalize('NFC');
  if (flags.foldAlef) folded = folded.replace(ALEF_FORMS, '\u0627');
  if (flags.ignoreCase) folded = folded.toLowerCase();
  return folded;
}

/** The automaton's key for a token: everything folded. */
export function foldKey(token: string): string {
  return foldToken(token, FOLD_ALL);
}

/**
 * A token sequence as one comparable string under the flags: hyphen tokens dropped when hyphens
 * are ignored, each token folded, joined by a separator no token contains.
 */
export function foldSequence(tokens: readonly string[], flags: MatchFlags): string {
  const kept = flags.ignoreHyphens ? tokens.filter((token) => !isHyphenToken(token)) : tokens;
  return kept.map((token) => foldToken(token, flags)).join('\u0001');
}
