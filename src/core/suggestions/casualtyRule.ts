import { parseCasualtyCount, type CasualtyCount } from '../../shared/casualty/parseCasualtyCount';
import type { TokenBuffer } from '../../shared/text/tokenBuffer';
import { FOLD_ALL, foldToken, isAscii, isHyphenToken } from './matching/fold';
import { NOT_ASCII, TokenVocabulary } from './matching/tokenVocabulary';

/** The `status` values of the default CASUALTY_COUNT label. */
export type CasualtyStatus = 'killed' | 'injured' | 'missing' | 'casualties_unspecified';

/** A number expression the rule proposes as a CASUALTY_COUNT: UTF-16 range, what it reads, and the word that made it a casualty count. */
export type CasualtyFinding = { start: number; end: number; count: CasualtyCount; status: CasualtyStatus; cue: string };

/** The rule's name, as `origin_source` of the spans it leads to. */
export const CASUALTY_RULE_SOURCE = 'casualty-rule';

/** Casualty words (folded: lower case, no diacritics, bare alef; Arabic taa marbuta as haa) and the status each implies. */
const CUES = new Map<string, CasualtyStatus>([
  ...[
    'killed',
    'kill',
    'kills',
    'killing',
    'dead',
    'death',
    'deaths',
    'died',
    'die',
    'dies',
    'fatalities',
    'fatality',
    'martyrs',
    'martyred',
    'martyr',
    'lives',
    'life',
  ].map((word) => [word, 'killed'] as const),
  ...['wounded', 'wounding', 'wounds', 'injured', 'injuring', 'injuries', 'injury', 'hurt'].map((word) => [word, 'injured'] as const),
  ...['missing', 'disappeared'].map((word) => [word, 'missing'] as const),
  ...['casualties', 'casualty', 'victims'].map((word) => [word, 'casualties_unspecified'] as const),
  // Arabic: killed, martyrs, death; wounded, injuries; missing; victims.
  ...['قتلي', 'قتيل', 'قتيلا', 'قتلوا', 'قتل', 'مقتل', 'شهداء', 'شهيد', 'شهيدا', 'استشهاد', 'استشهد', 'استشهدوا', 'وفاه', 'وفيات', 'حتفهم', 'مصرع'].map(
    (word) => [word, 'killed'] as const,
  ),
  ...['جرحي', 'جريح', 'جريحا', 'جرح', 'جرحوا', 'اصابه', 'اصابات', 'مصابين', 'مصابا', 'مصاب', 'اصيب', 'اصيبوا'].map((word) => [word, 'injured'] as const),
  ...['مفقودين', 'مفقود', 'مفقودا'].map((word) => [word, 'missing'] as const),
  ...['ضحايا', 'ضحيه'].map((word) => [word, 'casualties_unspecified'] as const),
]);

/**
 * The ASCII casualty words by id, looked up straight from the text (no string per token): for an
 * ASCII token, its fold is its lower case and no Arabic prefix applies, so this is all of `cueAt`.
 */
const ASCII_CUES = new TokenVocabulary();
const ASCII_CUE_STATUS: CasualtyStatus[] = [];
for (const [word, status] of CUES) if (isAscii(word)) ASCII_CUE_STATUS[ASCII_CUES.intern(word)] = status;

/** Nouns of things that are not people (munitions, targets, time, measures): a number counting them is never a casualty count (guidelines, rule 9). */
const NOT_PEOPLE = new Set([
  ...['rocket', 'rockets', 'missile', 'missiles', 'drone', 'drones', 'shell', 'shells', 'round', 'rounds', 'bomb', 'bombs', 'mortar', 'mortars'],
  ...['target', 'targets', 'site', 'sites', 'attack', 'attacks', 'strike', 'strikes', 'airstrikes', 'raid', 'raids', 'base', 'bases', 'facility', 'facilities'],
  ...['vehicle', 'vehicles', 'aircraft', 'plane', 'planes', 'warplanes', 'jets', 'building', 'buildings', 'homes', 'houses', 'villages'],
  ...['time', 'times', 'second', 'seconds', 'minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years'],
  ...['km', 'kilometres', 'kilometers', 'kilometre', 'kilometer', 'miles', 'mile', 'metres', 'meters', 'percent', '%', 'dollars', 'pounds', 'euros'],
  ...['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'],
  ...['صاروخ', 'صواريخ', 'صاروخا', 'طائره', 'طائرات', 'مسيره', 'مسيرات', 'قذيفه', 'قذائف', 'هجوم', 'هجمات', 'غاره', 'غارات', 'هدف', 'اهداف', 'موقع', 'مواقع'],
  ...['يوم', 'يوما', 'ايام', 'شهر', 'اشهر', 'سنه', 'سنوات', 'عام', 'اعوام', 'ساعه', 'ساعات', 'كيلومتر', 'كيلومترا'],
]);

/** Words that end the backward search for a casualty word: "wounded and one contractor (died)" belongs to what follows. */
const BACKWARD_STOPS = new Set(['and', 'but', 'while', 'whereas']);
/** Tokens that end a sentence (a decimal point or a thousands separator is inside its number token). */
const SENTENCE_END = new Set(['.', '!', '?', ';', '؟', '؛', '…']);
/** Words the parser reads as quantities but that are too common to start a suggestion on their own. */
const NOT_A_COUNT = new Set(['no', 'zero', 'لا', 'لم', 'none', 'nobody', 'many', 'few', 'numerous', 'multiple', 'some', 'over', 'about']);
/** Words that, written before a casualty word, state zero: "no deaths", "no casualties". */
const ZERO = new Set(['no', 'zero', 'لا']);
const WINDOW = 8;
const YEAR = /^(19|20)\d\d$/u;
const DIGIT = /\p{Nd}/u;
const UPPER_INITIAL = /^\p{Lu}/u;

/** A token's text folded for the word lists above. */
function foldWord(token: string): string {
  // ASCII (most tokens): lower case is the whole fold, and the Arabic letters below cannot occur.
  if (isAscii(token)) return token.toLowerCase();
  return foldToken(token, FOLD_ALL)
    .replace(/\u0629/gu, '\u0647')
    .replace(/\u0649/gu, '\u064a');
}

/**
 * Finds number expressions near casualty words and reads them with the editor's parser: "three
 * American soldiers were killed" gives "three" (3, exact, killed), "wounding at least 40 others"
 * gives "at least 40" (40, at_least, injured), "no deaths" gives 0. Counts of munitions, targets,
 * time or measures are left alone, as are years, numbers inside names ("Tower 22") or
 * compounds ("F-16"), and numbers with no casualty word within eight tokens in the same sentence.
 */
export function findCasualtyCounts(text: string, tokens: TokenBuffer): CasualtyFinding[] {
  const { starts, ends } = tokens;
  const count = tokens.length;
  const raw = (i: number) => text.slice(starts[i], ends[i]);
  const folded = new Array<string | undefined>(count);
  const word = (i: number) => (folded[i] ??= foldWord(raw(i)));
  const cueAt = (i: number): CasualtyStatus | undefined => {
    const ascii = ASCII_CUES.asciiIdOf(text, starts[i]!, ends[i]!);
    if (ascii !== NOT_ASCII) return ascii >= 0 ? ASCII_CUE_STATUS[ascii] : undefined;
    const w = word(i);
    return CUES.get(w) ?? (w.startsWith('\u0648') || w.startsWith('\u0628') ? CUES.get(w.slice(1)) : undefined);
  };
  const isNumberish = (i: number) => i >= 0 && i < count && !NOT_A_COUNT.has(word(i)) && parseCasualtyCount(raw(i)) !== null;

  const findings: CasualtyFinding[] = [];
  let covered = -1;
  for (let c = 0; c < count; c++) {
    if (!cueAt(c)) continue;
    // Numbers before and after this casualty word, within the window and the sentence.
    for (const i of windowAround(c)) {
      if (i <= covered || !isNumberish(i)) continue;
      const finding = expressionAt(i);
      if (finding) {
        findings.push(finding.result);
        covered = finding.lastToken;
      }
    }
    // "no deaths": zero stated by the casualty noun itself.
    if (
      c > 0 &&
      ZERO.has(word(c - 1)) &&
      c - 1 > covered &&
      ends[c - 1]! <= starts[c]! &&
      /^(deaths|casualties|injuries|fatalities|dead|قتلي|اصابات|ضحايا)$/u.test(word(c))
    ) {
      const start = starts[c - 1]!;
      const end = ends[c]!;
      const parsed = parseCasualtyCount(text.slice(start, end));
      if (parsed) findings.push({ start, end, count: parsed, status: cueAt(c)!, cue: raw(c) });
      covered = c;
    }
  }
  return findings;

  function windowAround(c: number): number[] {
    const indexes: number[] = [];
    for (let i = c - 1; i >= Math.max(0, c - WINDOW); i--) {
      if (SENTENCE_END.has(raw(i))) break;
      indexes.unshift(i);
    }
    for (let i = c + 1; i < Math.min(count, c + 1 + WINDOW); i++) {
      if (SENTENCE_END.has(raw(i))) break;
      indexes.push(i);
    }
    return indexes;
  }

  /** The number expression starting at token i (extended by qualifiers and ranges), if it is a casualty count. */
  function expressionAt(i: number): { result: CasualtyFinding; lastToken: number } | null {
    // The core: number tokens, joined by "and", "-", "a" ("two hundred and five", "twenty-five", "a dozen").
    let last = i;
    while (last + 1 < count) {
      if (isNumberish(last + 1) && joined(last, last + 1)) last += 1;
      else if (last + 2 < count && /^(and|-|a|و)$/u.test(word(last + 1)) && isNumberish(last + 2)) last += 2;
      else break;
    }
    let first = i;
    let parsed = parse(first, last);
    if (!parsed) return null;
    // Qualifiers before ("at least", "more than", "a dozen", "between", "نحو"): the longest run of
    // up to four words (no other number among them) that the parser still reads as the same number.
    for (let extra = 4; extra >= 1; extra--) {
      const from = first - extra;
      if (from < 0 || crossesSentence(from, first)) continue;
      let numbers = false;
      for (let k = from; k < first; k++) if (DIGIT.test(raw(k)) || isNumberish(k)) numbers = true;
      const wider = numbers ? null : parse(from, last);
      // "no one" states zero: the one change of value a qualifier may make.
      const statesZero = extra === 1 && wider?.value === 0 && ZERO.has(word(from));
      if (wider && (wider.value === parsed.value || statesZero)) {
        first = from;
        parsed = wider;
        break;
      }
    }
    // After it: "or more", "على الأقل", a range ("to 15", "-15"). The parser ignores words that are
    // not part of the number ("three American soldiers"), so only a changed reading extends the span.
    for (let extra = 3; extra >= 1; extra--) {
      const to = last + extra;
      if (to >= count || crossesSentence(last, to)) continue;
      const wider = parse(first, to);
      if (wider && wider.qualifier !== parsed.qualifier) {
        last = to;
        parsed = wider;
        break;
      }
    }
    if (excluded(first, last)) return null;
    const cue = nearestCue(first, last);
    if (!cue) return null;
    return { result: { start: starts[first]!, end: ends[last]!, count: parsed, status: cue.status, cue: raw(cue.index) }, lastToken: last };
  }

  function parse(from: number, to: number): CasualtyCount | null {
    const quote = text.slice(starts[from], ends[to]);
    if (/[\r\n]/u.test(quote)) return null;
    return parseCasualtyCount(quote);
  }

  function joined(a: number, b: number): boolean {
    return !/[\r\n]/u.test(text.slice(ends[a], starts[b]));
  }

  function crossesSentence(from: number, to: number): boolean {
    for (let k = from; k <= to; k++) if (SENTENCE_END.has(raw(k))) return true;
    return /[\r\n]/u.test(text.slice(starts[from], ends[to]));
  }

  /** Years, names ("Tower 22"), compounds ("F-16", "MQ-9"), and counts of things that are not people. */
  function excluded(first: number, last: number): boolean {
    if (first === last && YEAR.test(raw(first))) return true;
    const before = first - 1;
    if (before >= 0 && DIGIT.test(raw(first))) {
      const previous = raw(before);
      if (isHyphenToken(previous) && ends[before] === starts[first]) return true;
      // A capitalised word right before a numeral names something ("Tower 22", "Camp 14"), even at
      // a sentence start: a capitalised qualifier ("At least 40") is already part of the expression.
      if (UPPER_INITIAL.test(previous)) return true;
      if (previous === '$' || previous === '#' || previous === '№') return true;
    }
    const after = last + 1;
    if (after < count && isHyphenToken(raw(after)) && ends[last] === starts[after]) return true;
    for (let k = after; k < Math.min(count, after + 3); k++) {
      if (SENTENCE_END.has(raw(k)) || cueAt(k)) break;
      if (NOT_PEOPLE.has(word(k))) return true;
    }
    return false;
  }

  /** The casualty word nearest the expression: after it within the window, or before it unless "and"/"but" intervenes. */
  function nearestCue(first: number, last: number): { index: number; status: CasualtyStatus } | null {
    let best: { index: number; status: CasualtyStatus; distance: number } | null = null;
    for (let k = last + 1; k < Math.min(count, last + 1 + WINDOW); k++) {
      if (SENTENCE_END.has(raw(k))) break;
      const status = cueAt(k);
      if (status) {
        best = { index: k, status, distance: k - last };
        break;
      }
    }
    for (let k = first - 1; k >= Math.max(0, first - WINDOW); k--) {
      if (SENTENCE_END.has(raw(k)) || BACKWARD_STOPS.has(word(k))) break;
      const status = cueAt(k);
      if (status) {
        if (!best || first - k <= best.distance) best = { index: k, status, distance: first - k };
        break;
      }
    }
    return best;
  }
}
