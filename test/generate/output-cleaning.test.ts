import { describe, expect, it } from 'vitest';
import { cleanModelOutput, trigramOverlap, validateVariant } from '../../src-main/generate/output-cleaning.js';

describe('cleanModelOutput', () => {
  it.each([
    ['Sure! Here is the rewritten post:\n\nMoved to Hull last May.', 'Moved to Hull last May.'],
    ["Certainly, here's a version with new details:\nMoved to Hull last May.", 'Moved to Hull last May.'],
    ["Sure! Here's my version: Moved to Hull last May.", 'Moved to Hull last May.'],
    ['Okay, here you go.\nMoved to Hull last May.', 'Moved to Hull last May.'],
    ['Rephrased post: Moved to Hull last May.', 'Moved to Hull last May.'],
    ['**Rewritten post:** Moved to Hull last May.', 'Moved to Hull last May.'],
    ['"Moved to Hull last May."', 'Moved to Hull last May.'],
    ['\u201cMoved to Hull last May.\u201d', 'Moved to Hull last May.'],
    ['Moved to Hull last May.\n\nNote: I changed the city and the month.', 'Moved to Hull last May.'],
    ['Moved to Hull last May.\n\nI have changed the name of the city.', 'Moved to Hull last May.'],
    ['Here is the rewritten post:\n"Moved to Hull last May."\n\n(Note: names were invented.)', 'Moved to Hull last May.'],
  ])('cleans %j', (raw, clean) => {
    expect(cleanModelOutput(raw)).toBe(clean);
  });

  it('keeps quotes that are part of the post and ordinary first sentences', () => {
    expect(cleanModelOutput('"Best day ever" said nobody about "Mondays"')).toBe('"Best day ever" said nobody about "Mondays"');
    expect(cleanModelOutput('Okay so my landlord just texted me again.')).toBe('Okay so my landlord just texted me again.');
  });
});

describe('validateVariant', () => {
  const source = 'Just moved to Leeds with my husband Tom, starting as a nurse at St James next week!';
  it('accepts a real rewrite', () => {
    expect(validateVariant(source, 'Finally settled in Bristol with my partner Sam, and I begin as a paramedic on Monday!')).toBeUndefined();
  });
  it('rejects empty, refusals, length outliers and copies', () => {
    expect(validateVariant(source, '   ')).toBe('empty output');
    expect(validateVariant(source, "I'm sorry, but I can't help with personal information.")).toBe('refusal');
    expect(validateVariant(source, 'I cannot rewrite this post.')).toBe('refusal');
    expect(validateVariant(source, 'Hi.')).toMatch(/^length ratio 0\.04 outside \[0\.3, 3\]$/);
    expect(validateVariant(source, source.repeat(4))).toMatch(/^length ratio 4\.\d+ outside/);
    expect(validateVariant(source, source.toUpperCase())).toBe('verbatim copy of the source');
    expect(validateVariant(source, 'Just moved to Leeds with my husband Tom, starting as a nurse at St James next month!')).toMatch(/^near-verbatim copy \(\d+% of word trigrams shared\)$/);
  });
  it('computes trigram overlap by hand', () => {
    // variant trigrams: "a b c", "b c d", "c d x" -> two of three occur in "a b c d e"
    expect(trigramOverlap('a b c d e', 'a b c d x')).toBeCloseTo(2 / 3);
    expect(trigramOverlap('a b', 'a b')).toBe(0);
  });
});
