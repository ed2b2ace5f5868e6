import type { Token } from './tokenize';

/**
 * Token ranges (UTF-16) in two growing typed arrays, for code that tokenizes many texts in a row
 * (agreement over a corpus): one buffer is refilled per text, so no object is made per token.
 */
export class TokenBuffer {
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  length = 0;

  clear(): void {
    this.length = 0;
  }

  push(start: number, end: number): void {
    if (this.length === this.starts.length) {
      const starts = new Int32Array(this.length * 2);
      const ends = new Int32Array(this.length * 2);
      starts.set(this.starts);
      ends.set(this.ends);
      this.starts = starts;
      this.ends = ends;
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.length++;
  }

  /** Replaces the content with a list of tokens. */
  fill(tokens: readonly Token[]): void {
    this.clear();
    for (const token of tokens) this.push(token.start, token.end);
  }

  /** The tokens as objects. */
  toTokens(): Token[] {
    return Array.from({ length: this.length }, (_, i) => ({ start: this.starts[i]!, end: this.ends[i]! }));
  }
}
