import { createWriteStream } from 'node:fs';
import { seededRandom } from '../../src/core/testing/seededRandom';

const SYLLABLES = ['ka', 'ro', 'mi', 'ten', 'sha', 'vel', 'dor', 'an', 'is', 'ul', 'bre', 'zo', 'pat', 'lin', 'gra', 'hu', 'nek', 'sor', 'ti', 'ma'];

/** A vocabulary of made-up words, so the full-text index sees a realistic number of terms. */
function vocabulary(random: () => number, size: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < size; i++) {
    const length = 1 + Math.floor(random() * 3);
    let word = '';
    for (let s = 0; s < length; s++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    words.push(word);
  }
  return words;
}

export type GeneratedArticle = { id: string; title: string; source: string; date: string; text: string };

/** Generates `count` articles of about `bytes` each, in order, deterministically. */
export function* generateArticles(count: number, bytes = 3_000): Generator<GeneratedArticle> {
  const random = seededRandom(20240229);
  const words = vocabulary(random, 20_000);
  const pick = () => words[Math.floor(random() * words.length)] ?? 'word';
  for (let i = 0; i < count; i++) {
    let text = '';
    while (text.length < bytes) {
      const sentence = Array.from({ length: 8 + Math.floor(random() * 12) }, pick).join(' ');
      text += `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}. `;
      if (random() < 0.15) text += '\n';
    }
    yield {
      id: `bench-${i}`,
      title: `Bulletin ${i}: ${pick()} ${pick()}`,
      source: 'Bench wire',
      date: `2024-0${1 + (i % 9)}-1${i % 10}`,
      text: `${text.trimEnd()} Report ${i}.`,
    };
  }
}

/** Writes the articles as JSONL; resolves with the file's size in bytes. */
export async function writeArticlesJsonl(path: string, count: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  for (const article of generateArticles(count)) {
    const line = `${JSON.stringify(article)}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return bytes;
}
