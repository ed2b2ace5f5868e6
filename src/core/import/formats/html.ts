import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { LIMITS } from '../../../shared/contract/limits';
import { readTextFile } from '../decode';
import { ImportError } from '../importError';
import type { FormatReader } from '../types';

/** Elements whose text is one paragraph of the extracted article. */
const BLOCKS = 'h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, figcaption, td, th, dt, dd';
/** Never article text: code, styling, page furniture. */
const BOILERPLATE = 'script, style, noscript, template, iframe, object, embed, svg, nav, header, footer, aside, form, button, select, textarea';

type Element = { textContent: string | null; closest(selector: string): Element | null; querySelectorAll(selector: string): Iterable<Element>; remove(): void };
type Doc = {
  querySelectorAll(selector: string): Iterable<Element>;
  querySelector(selector: string): (Element & { getAttribute(name: string): string | null }) | null;
  title: string;
  body: Element | null;
};

/** Collapses runs of whitespace (HTML renders them as one space) and trims. */
function collapse(text: string): string {
  return text.replace(/[\s\u00a0]+/gu, ' ').trim();
}

/**
 * The article's paragraphs as a reader view shows them: one per block element (a block inside
 * another, like a <p> in an <li>, counts once), whitespace collapsed, entities decoded by the
 * parser, paragraphs separated by a blank line. Deterministic: the same HTML gives the same text.
 */
export function blocksToText(root: { querySelectorAll(selector: string): Iterable<Element> }): string {
  const paragraphs: string[] = [];
  for (const element of root.querySelectorAll(BLOCKS)) {
    const parent = (element as Element & { parentElement?: Element | null }).parentElement ?? null;
    if (parent?.closest(BLOCKS)) continue;
    const text = collapse(element.textContent ?? '');
    if (text) paragraphs.push(text);
  }
  return paragraphs.join('\n\n');
}

function meta(document: Doc, selector: string): string | null {
  const value = document.querySelector(selector)?.getAttribute('content');
  return value ? collapse(value) : null;
}

/**
 * Extracts an article from HTML: parsed by linkedom (a DOM without a script engine, so nothing
 * in the page runs and nothing reaches the app's DOM), the article found by Mozilla Readability
 * (Firefox's reader view), its title and paragraphs kept, scripts, styles, navigation and
 * boilerplate dropped; the first <h1> is the title and the first paragraph. Falls back to the page body without boilerplate when Readability finds
 * no article.
 */
export function extractArticle(html: string): { title: string | null; text: string; source: string | null; publishedAt: string | null; url: string | null } {
  const { document } = parseHTML(html) as unknown as { document: Doc };
  const source = meta(document, 'meta[property="og:site_name"]');
  const publishedAt = meta(document, 'meta[property="article:published_time"]') ?? meta(document, 'meta[name="date"]');
  const url = meta(document, 'meta[property="og:url"]');
  const pageTitle = collapse(document.title || '') || null;
  // The headline: the page's first <h1> (Readability drops it from the body when it repeats the <title>).
  const headline = collapse(document.querySelector('h1')?.textContent ?? '') || null;
  for (const element of document.querySelectorAll(BOILERPLATE.replace(', nav, header, footer, aside', ''))) element.remove();
  const article = new Readability(document as never, { charThreshold: 100 }).parse();
  let text = '';
  if (article?.content) {
    const { document: content } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`) as unknown as { document: Doc };
    text = blocksToText(content);
  }
  if (!text) {
    const { document: page } = parseHTML(html) as unknown as { document: Doc };
    for (const element of page.querySelectorAll(BOILERPLATE)) element.remove();
    text = blocksToText(page) || collapse(page.body?.textContent ?? '');
  }
  if (headline && !text.startsWith(headline)) text = text ? `${headline}\n\n${text}` : headline;
  const title = headline ?? (article?.title ? collapse(article.title) : pageTitle);
  return { title: title || null, text, source, publishedAt, url };
}

/** HTML: each file is one article (see {@link extractArticle}). */
export const readHtml: FormatReader = async function* (unit, context) {
  let done = 0;
  for (const file of unit.files) {
    const html = await readTextFile(file.path, file.name, LIMITS.importWholeFileBytes);
    done += file.bytes;
    context.onBytes(done);
    let article: ReturnType<typeof extractArticle>;
    try {
      article = html.trim() === '' ? { title: null, text: '', source: null, publishedAt: null, url: null } : extractArticle(html);
    } catch (error) {
      // linkedom and Readability accept almost anything; what they cannot walk is not an article.
      throw new ImportError({ file: file.name }, `could not be read as an HTML page (${error instanceof Error ? error.message : String(error)}).`);
    }
    yield {
      at: { file: file.name },
      text: article.text,
      title: article.title,
      source: article.source,
      publishedAt: article.publishedAt,
      externalId: file.name,
      metadata: article.url ? { url: article.url } : {},
      spans: [],
    };
  }
};
