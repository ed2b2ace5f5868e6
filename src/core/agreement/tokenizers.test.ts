import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLatinSimpleText } from '../../shared/text/latinWordTokens';
import { tokenize, tokenizeWithSegmenter } from '../../shared/text/tokenize';
import { compileTokenPattern, createTokenizer } from './tokenizers';

const words = (pattern: string | null, text: string) =>
  createTokenizer(pattern === null ? { kind: 'project' } : { kind: 'regex', pattern })
    .tokenize(text)
    .map((token) => text.slice(token.start, token.end));

describe('tokenizers', () => {
  it('uses the project tokenizer by default', () => {
    expect(words(null, "Kata'ib Hezbollah (KH) fired 3.5 rockets.")).toEqual(["Kata'ib", 'Hezbollah', '(', 'KH', ')', 'fired', '3.5', 'rockets', '.']);
  });

  it('splits on a user pattern with Unicode semantics', () => {
    expect(words('\\w+|[^\\w\\s]', "Kata'ib fired 3.5")).toEqual(['Kata', "'", 'ib', 'fired', '3', '.', '5']);
    // With the u flag, `.` and `\S` take a whole code point: the emoji is one token of two UTF-16 units.
    expect(createTokenizer({ kind: 'regex', pattern: '\\S' }).tokenize('😀a')).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 3 },
    ]);
    expect(words('\\p{L}+|\\p{N}+', 'قال ٣٤ مرة')).toEqual(['قال', '٣٤', 'مرة']);
  });

  it('accepts patterns whose every match has a character', () => {
    for (const pattern of ['\\b\\w+\\b', '(a|b)+', 'a{1,}', '(?<=\\s)\\w+', '[^]', '\\w+(?:-\\w+)*', '(x)\\1'])
      expect(() => compileTokenPattern(pattern)).not.toThrow();
  });

  it('refuses patterns that can match the empty string, naming the alternative', () => {
    expect(() => compileTokenPattern('\\w*')).toThrow('The token pattern /\\w*/u can match the empty string (the alternative `\\w*` can match nothing)');
    expect(() => compileTokenPattern('\\w+|')).toThrow('(it has an empty alternative)');
    for (const pattern of ['\\b', '(?=a)', '(a|)', 'x?', '(?:)', '^', '\\1(a)?', '[a-z]{0,3}', '(?<n>a*)\\k<n>']) {
      expect(() => compileTokenPattern(pattern), pattern).toThrow(/can match the empty string/);
    }
  });

  it('refuses invalid patterns with the engine’s message', () => {
    expect(() => compileTokenPattern('(')).toThrow(/The token pattern \/\(\/u is not a valid regular expression: Invalid regular expression/);
    // Valid without the u flag, invalid with it: the pattern is read with Unicode semantics.
    expect(() => compileTokenPattern('[\\-a]')).not.toThrow();
    expect(() => compileTokenPattern('\\-')).toThrow(/not a valid regular expression/);
    expect(() => compileTokenPattern('\\q')).toThrow(/not a valid regular expression/);
    expect(() => compileTokenPattern('[')).toThrow(/not a valid regular expression/);
  });

  it('gives the same project tokens on the fast path as Intl.Segmenter on the real articles', () => {
    const folder = '/work/shared/seeds';
    let latin = 0;
    for (const file of readdirSync(folder)) {
      const text = readFileSync(join(folder, file), 'utf8');
      if (isLatinSimpleText(text)) latin++;
      expect(tokenize(text), file).toEqual(tokenizeWithSegmenter(text));
    }
    expect(latin).toBeGreaterThan(0);
  });
});
