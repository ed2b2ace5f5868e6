import { describe, expect, it } from 'vitest';
import { parseCasualtyCount, type CasualtyCount } from './parseCasualtyCount';

type Case = [text: string, expected: CasualtyCount | null];

describe('parseCasualtyCount', () => {
  // The worked examples of the annotation guidelines (§3), span text only.
  const guidelineExamples: Case[] = [
    ['three', { value: 3, qualifier: 'exact' }],
    ['at least 40', { value: 40, qualifier: 'at_least' }],
    ['more than 40', { value: 40, qualifier: 'more_than' }],
    ['At least 18', { value: 18, qualifier: 'at_least' }],
    ['nearly 70', { value: 70, qualifier: 'nearly' }],
    ['one', { value: 1, qualifier: 'exact' }],
    ['nearly 25,105', { value: 25105, qualifier: 'nearly' }],
    ['62,681', { value: 62681, qualifier: 'exact' }],
    ['no deaths', { value: 0, qualifier: 'exact' }],
  ];

  // The value conventions of §1: tens = 10, dozens = 12, hundreds = 100, several/many = empty.
  const conventions: Case[] = [
    ['tens', { value: 10, qualifier: 'vague' }],
    ['dozens', { value: 12, qualifier: 'vague' }],
    ['hundreds', { value: 100, qualifier: 'vague' }],
    ['thousands', { value: 1000, qualifier: 'vague' }],
    ['several', { value: null, qualifier: 'vague' }],
    ['many', { value: null, qualifier: 'vague' }],
    ['a few', { value: null, qualifier: 'vague' }],
    ['at least dozens', { value: 12, qualifier: 'at_least' }],
  ];

  const digitsAndWords: Case[] = [
    ['3', { value: 3, qualifier: 'exact' }],
    ['1,200,000', { value: 1200000, qualifier: 'exact' }],
    ['2.500', { value: 2500, qualifier: 'exact' }],
    ['1.5 million', { value: 1500000, qualifier: 'exact' }],
    ['twenty-five', { value: 25, qualifier: 'exact' }],
    ['twenty five', { value: 25, qualifier: 'exact' }],
    ['one hundred and twenty', { value: 120, qualifier: 'exact' }],
    ['two thousand three hundred', { value: 2300, qualifier: 'exact' }],
    ['a dozen', { value: 12, qualifier: 'exact' }],
    ['two dozen', { value: 24, qualifier: 'exact' }],
    ['half a dozen', { value: 6, qualifier: 'exact' }],
    ['a hundred', { value: 100, qualifier: 'exact' }],
    ['a couple of', { value: 2, qualifier: 'exact' }],
    ['Eleven', { value: 11, qualifier: 'exact' }],
    ['zero', { value: 0, qualifier: 'exact' }],
    ['none', { value: 0, qualifier: 'exact' }],
    ['no fatalities', { value: 0, qualifier: 'exact' }],
    ['no one', { value: 0, qualifier: 'exact' }],
  ];

  const qualifiers: Case[] = [
    ['approximately 140', { value: 140, qualifier: 'approximately' }],
    ['about a dozen', { value: 12, qualifier: 'approximately' }],
    ['around 2,500', { value: 2500, qualifier: 'approximately' }],
    ['some 300', { value: 300, qualifier: 'approximately' }],
    ['~50', { value: 50, qualifier: 'approximately' }],
    ['up to 20', { value: 20, qualifier: 'up_to' }],
    ['as many as 15', { value: 15, qualifier: 'up_to' }],
    ['almost two dozen', { value: 24, qualifier: 'nearly' }],
    ['over 100', { value: 100, qualifier: 'more_than' }],
    ['more than a hundred', { value: 100, qualifier: 'more_than' }],
    ['no fewer than 9', { value: 9, qualifier: 'at_least' }],
    ['40 or more', { value: 40, qualifier: 'at_least' }],
    ['40+', { value: 40, qualifier: 'at_least' }],
    ['40-plus', { value: 40, qualifier: 'at_least' }],
  ];

  const ranges: Case[] = [
    ['between 10 and 15', { value: 10, high: 15, qualifier: 'range' }],
    ['10-15', { value: 10, high: 15, qualifier: 'range' }],
    ['10–15', { value: 10, high: 15, qualifier: 'range' }],
    ['20 to 30', { value: 20, high: 30, qualifier: 'range' }],
    ['two or three', { value: 2, high: 3, qualifier: 'range' }],
    ['between twenty and thirty', { value: 20, high: 30, qualifier: 'range' }],
  ];

  // Phrases of the Arabic demo article and common Arabic reporting patterns.
  const arabic: Case[] = [
    ['ثلاثة', { value: 3, qualifier: 'exact' }],
    ['ما لا يقل عن 34', { value: 34, qualifier: 'at_least' }],
    ['أكثر من 40', { value: 40, qualifier: 'more_than' }],
    ['٣٤', { value: 34, qualifier: 'exact' }],
    ['أكثر من ٤٠', { value: 40, qualifier: 'more_than' }],
    ['١٢٣٬٤٥٦', { value: 123456, qualifier: 'exact' }],
    ['۱۲', { value: 12, qualifier: 'exact' }],
    ['34 على الأقل', { value: 34, qualifier: 'at_least' }],
    ['نحو 30', { value: 30, qualifier: 'approximately' }],
    ['حوالي ٢٠٠', { value: 200, qualifier: 'approximately' }],
    ['قرابة 70', { value: 70, qualifier: 'nearly' }],
    ['خمسة وعشرون', { value: 25, qualifier: 'exact' }],
    ['ثلاثة عشر', { value: 13, qualifier: 'exact' }],
    ['ثلاثة آلاف', { value: 3000, qualifier: 'exact' }],
    ['ثلاثمئة', { value: 300, qualifier: 'exact' }],
    ['مئتين', { value: 200, qualifier: 'exact' }],
    ['عشرات', { value: 10, qualifier: 'vague' }],
    ['مئات', { value: 100, qualifier: 'vague' }],
    ['بين 10 و 15', { value: 10, high: 15, qualifier: 'range' }],
    ['ثَلاثَةُ', { value: 3, qualifier: 'exact' }],
  ];

  it.each([...guidelineExamples, ...conventions, ...digitsAndWords, ...qualifiers, ...ranges, ...arabic])('reads %j', (text, expected) => {
    expect(parseCasualtyCount(text)).toEqual(expected);
  });

  it('ignores a victim noun wrongly included in the span', () => {
    expect(parseCasualtyCount('three American soldiers')).toEqual({ value: 3, qualifier: 'exact' });
    expect(parseCasualtyCount('ثلاثة جنود')).toEqual({ value: 3, qualifier: 'exact' });
  });

  it.each([['a'], ['an'], ['the'], [''], ['soldiers'], ['no']])('finds no count in %j (a lone article is not a count)', (text) => {
    expect(parseCasualtyCount(text)).toBeNull();
  });
});
