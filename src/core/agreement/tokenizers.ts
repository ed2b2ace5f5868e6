import { type AST, RegExpParser } from '@eslint-community/regexpp';
import { WorkbenchError } from '../errors';
import type { TokenizerSpec } from '../../shared/contract/methods/agreement';
import { TokenBuffer } from '../../shared/text/tokenBuffer';
import { type Token, tokenize, tokenizeInto } from '../../shared/text/tokenize';

/** A way of splitting text into tokens (UTF-16 ranges, in order, not overlapping). */
export type Tokenizer = {
  spec: TokenizerSpec;
  /** Fills the buffer (cleared first) with the tokens of the text. */
  tokenizeInto: (text: string, tokens: TokenBuffer) => void;
  tokenize: (text: string) => Token[];
};

/** The tokenizer a spec names; a regular expression is validated first (see compileTokenPattern). */
export function createTokenizer(spec: TokenizerSpec): Tokenizer {
  if (spec.kind === 'project') return { spec, tokenizeInto, tokenize };
  const pattern = compileTokenPattern(spec.pattern);
  const tokenizeByPattern = (text: string, tokens: TokenBuffer) => {
    tokens.clear();
    for (const match of text.matchAll(pattern)) {
      // Unreachable after the check in compileTokenPattern; kept so a gap in that check can never loop or make empty tokens.
      if (match[0].length === 0)
        throw new WorkbenchError('invalid_input', `The token pattern /${spec.pattern}/u matched the empty string at offset ${match.index}.`);
      tokens.push(match.index, match.index + match[0].length);
    }
  };
  return {
    spec,
    tokenizeInto: tokenizeByPattern,
    tokenize: (text) => {
      const tokens = new TokenBuffer();
      tokenizeByPattern(text, tokens);
      return tokens.toTokens();
    },
  };
}

/**
 * Compiles a user-given token pattern with the `u` flag (code points, `\p{…}` classes), refusing
 * one that is not valid or that can match the empty string anywhere: every match must be a token
 * of at least one character. "Can match the empty string" is decided on the pattern's syntax
 * tree, soundly: an assertion (`^`, `\b`, lookarounds) and a backreference count as possibly
 * empty, so `\b` or `(?=a)` on its own is refused even where it would not match.
 */
export function compileTokenPattern(pattern: string): RegExp {
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern, 'gu');
  } catch (error) {
    throw new WorkbenchError('invalid_input', `The token pattern /${pattern}/u is not a valid regular expression: ${(error as Error).message}.`, {
      field: 'tokenizer.pattern',
    });
  }
  let tree: AST.Pattern;
  try {
    tree = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(pattern, 0, pattern.length, { unicode: true, unicodeSets: false });
  } catch (error) {
    throw new WorkbenchError(
      'invalid_input',
      `The token pattern /${pattern}/u could not be checked (${(error as Error).message}); write it without newer syntax.`,
      {
        field: 'tokenizer.pattern',
      },
    );
  }
  const empty = tree.alternatives.find(canMatchEmpty);
  if (empty) {
    const where = empty.raw === '' ? 'it has an empty alternative' : `the alternative \`${empty.raw}\` can match nothing`;
    throw new WorkbenchError(
      'invalid_input',
      `The token pattern /${pattern}/u can match the empty string (${where}); every token must contain at least one character, so use for example \\w+ rather than \\w*.`,
      { field: 'tokenizer.pattern' },
    );
  }
  return compiled;
}

/** Whether a node of the pattern can match without consuming a character (a sound over-approximation). */
function canMatchEmpty(node: AST.Alternative | AST.Element): boolean {
  switch (node.type) {
    case 'Alternative':
      return node.elements.every(canMatchEmpty);
    case 'Group':
    case 'CapturingGroup':
      return node.alternatives.some(canMatchEmpty);
    case 'Quantifier':
      return node.min === 0 || canMatchEmpty(node.element);
    case 'Assertion':
    case 'Backreference':
      return true;
    case 'Character':
    case 'CharacterClass':
    case 'CharacterSet':
    case 'ExpressionCharacterClass':
      return false;
  }
}
