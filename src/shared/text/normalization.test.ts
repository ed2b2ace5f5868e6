import { describe, expect, it } from 'vitest';
import { normalizationForm } from './normalization';

describe('normalizationForm', () => {
  it('tells NFC, NFD and mixed text apart without changing it', () => {
    expect(normalizationForm('plain ascii')).toBe('NFC');
    expect(normalizationForm('Caf\u00e9')).toBe('NFC');
    expect(normalizationForm('Cafe\u0301')).toBe('NFD');
    expect(normalizationForm('Caf\u00e9 and cafe\u0301')).toBe('mixed');
    expect(normalizationForm('كَتَبَ')).toBe('NFC');
  });
});
