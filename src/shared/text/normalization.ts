/** The Unicode normalization form a text is in: both NFC and NFD count as NFC (plain ASCII is both). */
export type NormalizationForm = 'NFC' | 'NFD' | 'mixed';

// eslint-disable-next-line no-control-regex -- the ASCII range starts at U+0000 on purpose
const ASCII = /^[\u0000-\u007f]*$/;

/**
 * Which normalization form a text is already in, without changing it: texts are stored as
 * imported (never normalised, so offsets stay true), and the form is recorded so exports can say
 * what a consumer gets (reliability notes §6). ASCII text is answered without normalising.
 */
export function normalizationForm(text: string): NormalizationForm {
  if (ASCII.test(text)) return 'NFC';
  if (text.normalize('NFC') === text) return 'NFC';
  if (text.normalize('NFD') === text) return 'NFD';
  return 'mixed';
}
