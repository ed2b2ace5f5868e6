import { TokenBuffer } from '../../../shared/text/tokenBuffer';
import { tokenizeInto } from '../../../shared/text/tokenize';
import { foldKey, foldSequence, isHyphenToken, isHyphenUnit, type MatchFlags } from './fold';
import { TokenAutomaton } from './tokenAutomaton';
import { TokenVocabulary } from './tokenVocabulary';

/** One occurrence of an entry in a text: UTF-16 offsets (end exclusive) and the entry's index. */
export type PhraseMatch = { start: number; end: number; entry: number };

type Pattern = { entry: number; flags: MatchFlags; folded: string };

const WORD = /[\p{L}\p{N}]/u;
const LINE_BREAK = /[\r\n\u2028\u2029]/u;

/**
 * Finds whole-token occurrences of many written forms at once. Each form is tokenized with the
 * project tokenizer and added to a {@link TokenAutomaton} under its fully folded key (hyphens
 * dropped); a text is scanned once, and each candidate is then checked against its own entry's
 * flags on the original tokens, so the automaton never decides case, diacritics or hyphens alone.
 *
 * A match never starts or ends inside a hyphenated compound ("Iran" is not found in
 * "Iran-backed"), never crosses a line break, and its offsets are those of the original text:
 * the first token's start and the last token's end, whatever folding made them equal.
 */
export class PhraseMatcher {
  private readonly vocabulary = new TokenVocabulary();
  private readonly automaton = new TokenAutomaton();
  private readonly patterns: Pattern[] = [];
  private readonly buffer = new TokenBuffer();
  /** For the fused form of a hyphenated name (one buffer, not one per form). */
  private readonly fusedBuffer = new TokenBuffer();
  private stream = new Int32Array(1024);
  private streamToToken = new Int32Array(1024);

  /** Adds a written form of entry `entry`; returns false when the form has no word to match. */
  add(entry: number, form: string, flags: MatchFlags): boolean {
    // Into the matcher's reusable buffer: a list of 200,000 forms would otherwise allocate one per form.
    tokenizeInto(form, this.buffer);
    const tokens: string[] = [];
    for (let i = 0; i < this.buffer.length; i++) tokens.push(form.slice(this.buffer.starts[i], this.buffer.ends[i]));
    if (!tokens.some((token) => WORD.test(token))) return false;
    this.addTokens(entry, tokens, flags);
    // "al-Omar" and "al Omar" also match "AlOmar" when hyphens and spaces are ignored.
    const words = tokens.filter((token) => !isHyphenToken(token));
    if (flags.ignoreHyphens && words.length > 1 && words.length <= 4 && words.every((token) => WORD.test(token))) {
      const fused = words.join('');
      tokenizeInto(fused, this.fusedBuffer);
      if (this.fusedBuffer.length === 1) this.addTokens(entry, [fused], flags);
    }
    return true;
  }

  private addTokens(entry: number, tokens: string[], flags: MatchFlags): void {
    const keys = tokens.filter((token) => !isHyphenToken(token)).map(foldKey);
    if (keys.length === 0) return;
    const index = this.automaton.add(keys.map((key) => this.vocabulary.intern(key)));
    this.patterns[index] = { entry, flags, folded: foldSequence(tokens, flags) };
  }

  /** Call after the last add. */
  build(): void {
    this.automaton.build();
  }

  get patternCount(): number {
    return this.automaton.patternCount;
  }

  /**
   * Every verified occurrence in a text, in no particular order (an entry found twice at the same
   * place through two of its forms is reported once). `tokens` may be given when the caller has
   * already tokenized the text.
   */
  match(text: string, tokens?: TokenBuffer): PhraseMatch[] {
    const buffer = tokens ?? this.buffer;
    if (!tokens) tokenizeInto(text, buffer);
    const { starts, ends } = buffer;
    if (this.stream.length < buffer.length) {
      this.stream = new Int32Array(buffer.length * 2);
      this.streamToToken = new Int32Array(buffer.length * 2);
    }
    let length = 0;
    for (let i = 0; i < buffer.length; i++) {
      const start = starts[i]!;
      const end = ends[i]!;
      if (end - start === 1 && isHyphenUnit(text.charCodeAt(start))) continue;
      // No slice per token: the vocabulary reads the range (see TokenVocabulary).
      this.stream[length] = this.vocabulary.idOf(text, start, end);
      this.streamToToken[length] = i;
      length++;
    }
    const found: PhraseMatch[] = [];
    const seen = new Set<string>();
    this.automaton.scan(this.stream, length, (patternIndex, endIndex) => {
      const pattern = this.patterns[patternIndex]!;
      const first = this.streamToToken[endIndex - this.automaton.lengthOf(patternIndex) + 1]!;
      const last = this.streamToToken[endIndex]!;
      const start = starts[first]!;
      const end = ends[last]!;
      const key = `${start}:${end}:${pattern.entry}`;
      if (seen.has(key)) return;
      if (!this.verify(text, buffer, first, last, pattern)) return;
      seen.add(key);
      found.push({ start, end, entry: pattern.entry });
    });
    return found;
  }

  private verify(text: string, buffer: TokenBuffer, first: number, last: number, pattern: Pattern): boolean {
    const { starts, ends } = buffer;
    if (LINE_BREAK.test(text.slice(starts[first], ends[last]))) return false;
    if (insideCompound(text, buffer, first - 1, -1) || insideCompound(text, buffer, last + 1, 1)) return false;
    const tokens: string[] = [];
    for (let i = first; i <= last; i++) tokens.push(text.slice(starts[i], ends[i]));
    return foldSequence(tokens, pattern.flags) === pattern.folded;
  }
}

/**
 * Whether the token at `index` is a hyphen that joins the match to a word on its far side with no
 * space either side ("Iran-backed": the match "Iran" would end inside the compound).
 */
function insideCompound(text: string, buffer: TokenBuffer, index: number, direction: 1 | -1): boolean {
  if (index < 0 || index >= buffer.length) return false;
  const { starts, ends } = buffer;
  const hyphenStart = starts[index]!;
  const hyphenEnd = ends[index]!;
  if (hyphenEnd - hyphenStart !== 1 || !isHyphenToken(text.slice(hyphenStart, hyphenEnd))) return false;
  const near = index - direction;
  const far = index + direction;
  if (far < 0 || far >= buffer.length) return false;
  const touchesNear = direction === 1 ? ends[near] === hyphenStart : starts[near] === hyphenEnd;
  const touchesFar = direction === 1 ? starts[far] === hyphenEnd : ends[far] === hyphenStart;
  return touchesNear && touchesFar && WORD.test(text.slice(starts[far], ends[far]));
}
