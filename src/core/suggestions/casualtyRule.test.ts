import { describe, expect, it } from 'vitest';
import { TokenBuffer } from '../../shared/text/tokenBuffer';
import { tokenizeInto } from '../../shared/text/tokenize';
import { findCasualtyCounts } from './casualtyRule';

function counts(text: string) {
  const tokens = new TokenBuffer();
  tokenizeInto(text, tokens);
  return findCasualtyCounts(text, tokens).map((finding) => ({
    text: text.slice(finding.start, finding.end),
    value: finding.count.value,
    qualifier: finding.count.qualifier,
    status: finding.status,
  }));
}

describe('casualty rule', () => {
  it('finds counts before and after casualty words, with qualifiers, per the guidelines', () => {
    expect(counts('The blast killed two border guards and wounded at least 30 others near the crossing.')).toEqual([
      { text: 'two', value: 2, qualifier: 'exact', status: 'killed' },
      { text: 'at least 30', value: 30, qualifier: 'at_least', status: 'injured' },
    ]);
    expect(counts('Four Danish engineers were killed on Monday.')).toEqual([{ text: 'Four', value: 4, qualifier: 'exact', status: 'killed' }]);
    expect(counts('The ministry said nearly 12,400 people had died, while the number of injured rose to 31,250.')).toEqual([
      { text: 'nearly 12,400', value: 12400, qualifier: 'nearly', status: 'killed' },
      { text: '31,250', value: 31250, qualifier: 'exact', status: 'injured' },
    ]);
  });

  it('reads vague quantities, ranges and zero', () => {
    expect(counts('Dozens were wounded.')).toEqual([{ text: 'Dozens', value: 12, qualifier: 'vague', status: 'injured' }]);
    expect(counts('Between 5 and 8 civilians were killed.')).toEqual([{ text: 'Between 5 and 8', value: 5, qualifier: 'range', status: 'killed' }]);
    expect(counts('Officials reported no casualties at the depot.')).toEqual([
      { text: 'no casualties', value: 0, qualifier: 'exact', status: 'casualties_unspecified' },
    ]);
    expect(counts('There were no deaths.')).toEqual([{ text: 'no deaths', value: 0, qualifier: 'exact', status: 'killed' }]);
  });

  it('never counts munitions, targets, troops without casualties, time, years or names', () => {
    expect(counts('At least 12 rockets hit the base, but nobody was hurt.')).toEqual([]);
    expect(counts('Jets struck 60 targets; two pilots were killed.')).toEqual([{ text: 'two', value: 2, qualifier: 'exact', status: 'killed' }]);
    expect(counts('The US keeps 900 troops in the country.')).toEqual([]);
    expect(counts('In 2023 the clashes killed many.')).toEqual([]);
    expect(counts('Camp 14 was shelled and three were injured.')).toEqual([{ text: 'three', value: 3, qualifier: 'exact', status: 'injured' }]);
    expect(counts('An F-16 crashed; the crash killed no one.')).toEqual([{ text: 'no one', value: 0, qualifier: 'exact', status: 'killed' }]);
    expect(counts('Fighting over 10 days killed several fighters.')).toEqual([{ text: 'several', value: null, qualifier: 'vague', status: 'killed' }]);
  });

  it('does not join a number to a casualty word across a sentence end', () => {
    expect(counts('He counted 45. Later, soldiers were wounded.')).toEqual([]);
  });

  it('reads Arabic numerals, number words and casualty words', () => {
    expect(counts('أسفر الهجوم عن مقتل ثلاثة جنود وإصابة ٤٠ آخرين.')).toEqual([
      { text: 'ثلاثة', value: 3, qualifier: 'exact', status: 'killed' },
      { text: '٤٠', value: 40, qualifier: 'exact', status: 'injured' },
    ]);
    expect(counts('سقط أكثر من 20 قتيلا')).toEqual([{ text: 'أكثر من 20', value: 20, qualifier: 'more_than', status: 'killed' }]);
  });
});
