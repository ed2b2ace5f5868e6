import { describe, expect, it } from 'vitest';
import { FOLD_NONE, type MatchFlags } from './fold';
import { PhraseMatcher } from './phraseMatcher';
import { selectCandidates } from './selectCandidates';

const flags = (overrides: Partial<MatchFlags> = {}): MatchFlags => ({ ...FOLD_NONE, ...overrides });

function matcherOf(entries: [string, Partial<MatchFlags>?][]): PhraseMatcher {
  const matcher = new PhraseMatcher();
  entries.forEach(([form, overrides], index) => matcher.add(index, form, flags(overrides)));
  matcher.build();
  return matcher;
}

/** The matched texts, in order. */
function texts(matcher: PhraseMatcher, text: string): string[] {
  return matcher
    .match(text)
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((match) => text.slice(match.start, match.end));
}

describe('PhraseMatcher: whole tokens', () => {
  it('matches whole tokens only, never inside a word', () => {
    const matcher = matcherOf([['Iraq'], ['drone']]);
    expect(texts(matcher, 'Iraqi forces in Iraq; drones and a drone.')).toEqual(['Iraq', 'drone']);
  });

  it('matches multi-token names with any spacing between tokens, but not across a line break', () => {
    const matcher = matcherOf([["Kata'ib Hezbollah"]]);
    expect(texts(matcher, "Kata'ib   Hezbollah said; Kata'ib\nHezbollah")).toEqual(["Kata'ib   Hezbollah"]);
  });

  it('never starts or ends inside a hyphenated compound', () => {
    const matcher = matcherOf([['Iran'], ['US']]);
    expect(texts(matcher, 'Iran-backed groups hit the US-led coalition; Iran said the US - not Iran - acted.')).toEqual(['Iran', 'US', 'Iran']);
  });

  it('treats typographic and straight apostrophes alike', () => {
    const matcher = matcherOf([["Kata'ib Hezbollah"]]);
    expect(texts(matcher, 'Kata’ib Hezbollah')).toEqual(['Kata’ib Hezbollah']);
  });
});

describe('PhraseMatcher: case', () => {
  it('is case-sensitive unless the entry ignores case', () => {
    expect(texts(matcherOf([['US']]), 'us and US')).toEqual(['US']);
    expect(texts(matcherOf([['drone', { ignoreCase: true }]]), 'Drone, DRONE and drone')).toEqual(['Drone', 'DRONE', 'drone']);
  });
});

describe('PhraseMatcher: diacritics, hyphens and Arabic variants', () => {
  it('folds Latin diacritics, in NFC or NFD, only when the entry says so', () => {
    const text = 'Al Qaïm, Al Qai\u0308m and Al Qaim';
    expect(texts(matcherOf([['Al Qaim']]), text)).toEqual(['Al Qaim']);
    expect(texts(matcherOf([['Al Qaim', { ignoreDiacritics: true }]]), text)).toEqual(['Al Qaïm', 'Al Qai\u0308m', 'Al Qaim']);
    // NFC and NFD of the same letters are always the same word.
    expect(texts(matcherOf([['Al Qaïm']]), text)).toEqual(['Al Qaïm', 'Al Qai\u0308m']);
  });

  it('treats hyphen, space and writing together alike only with ignoreHyphens', () => {
    const text = 'al-Omar, al Omar, alOmar and al–Omar.';
    expect(texts(matcherOf([['al-Omar']]), text)).toEqual(['al-Omar']);
    expect(texts(matcherOf([['al-Omar', { ignoreHyphens: true }]]), text)).toEqual(['al-Omar', 'al Omar', 'alOmar', 'al–Omar']);
  });

  it('ignores Arabic harakat and tatweel with ignoreDiacritics, and alef forms with foldAlef', () => {
    const text = 'العُمَر ثم العـمر ثم العمر ثم أحمد ثم احمد';
    expect(texts(matcherOf([['العمر']]), text)).toEqual(['العمر']);
    expect(texts(matcherOf([['العمر', { ignoreDiacritics: true }]]), text)).toEqual(['العُمَر', 'العـمر', 'العمر']);
    expect(texts(matcherOf([['احمد']]), text)).toEqual(['احمد']);
    expect(texts(matcherOf([['احمد', { foldAlef: true }]]), text)).toEqual(['أحمد', 'احمد']);
    // Diacritics alone do not fold alef forms.
    expect(texts(matcherOf([['احمد', { ignoreDiacritics: true }]]), text)).toEqual(['احمد']);
  });

  it('keeps exact offsets after combining marks and emoji earlier in the text', () => {
    const text = '🚁👩‍👩‍👧 Qai\u0308m re\u0301port: al Omar 🇮🇶 العُمَر';
    const matcher = matcherOf([
      ['al-Omar', { ignoreHyphens: true }],
      ['العمر', { ignoreDiacritics: true }],
    ]);
    const found = matcher.match(text).sort((a, b) => a.start - b.start);
    expect(found.map((match) => text.slice(match.start, match.end))).toEqual(['al Omar', 'العُمَر']);
    // The offsets index the original text (UTF-16 here; the store converts to code points).
    expect(text.indexOf('al Omar')).toBe(found[0]?.start);
    expect(text.indexOf('العُمَر')).toBe(found[1]?.start);
  });
});

describe('selectCandidates', () => {
  it('keeps the longest match first, then leftmost, never overlapping', () => {
    const matcher = matcherOf([['Al-Omar'], ['Al-Omar oil field'], ['oil field'], ['Syria']]);
    const text = 'missile strikes on the Al-Omar oil field in Syria';
    const labels = ['LOCATION', 'LOCATION', 'LOCATION', 'LOCATION'];
    const candidates = matcher.match(text).map((match) => ({ ...match, label: labels[match.entry]!, priority: match.entry }));
    expect(selectCandidates(candidates, [], false).map((match) => text.slice(match.start, match.end))).toEqual(['Al-Omar oil field', 'Syria']);
  });

  it('never overlaps an existing span unless the schema allows it, and never duplicates one', () => {
    const candidates = [
      { start: 0, end: 10, label: 'ACTOR', priority: 0 },
      { start: 20, end: 25, label: 'LOCATION', priority: 0 },
    ];
    const existing = [
      { start: 5, end: 8, label: 'LOCATION' },
      { start: 20, end: 25, label: 'LOCATION' },
    ];
    expect(selectCandidates(candidates, existing, false)).toEqual([]);
    expect(selectCandidates(candidates, existing, true)).toEqual([candidates[0]]);
  });

  it('prefers the lower priority for the same range', () => {
    const candidates = [
      { start: 0, end: 4, label: 'ACTOR', priority: 2 },
      { start: 0, end: 4, label: 'LOCATION', priority: 1 },
    ];
    expect(selectCandidates(candidates, [], false)).toEqual([candidates[1]]);
  });
});
