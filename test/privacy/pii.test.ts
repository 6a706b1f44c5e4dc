import { describe, expect, it } from 'vitest';
import { extractPii, type PiiValue } from '../../src-main/privacy/pii-extract.js';
import { carriedOver, digitRuns } from '../../src-main/privacy/pii-match.js';
import { findNamesAndPlaces } from '../../src-main/privacy/pii-names.js';
import { findAges, findDates, findMoney, findUrls } from '../../src-main/privacy/pii-patterns.js';
import { findPhones } from '../../src-main/privacy/pii-phones.js';

const brief = (values: readonly PiiValue[]) => values.map((v) => `${v.category}/${v.kind}: ${v.text}`);
const carried = (source: string, variant: string) => brief(carriedOver(extractPii(source), variant));

describe('PII extraction', () => {
  it('finds contact details, including reserved example domains and fictional phone ranges', () => {
    const text =
      'Email hello@kettleandcrumb.example or jobs@copper.example.co.uk, see www.pawsandsuds.example/book. ' +
      'Follow @crumbshots_daily! Call 07700 900412, +44 161 496 0732 or 555-0147.';
    expect(brief(extractPii(text))).toEqual([
      'contact/email: hello@kettleandcrumb.example',
      'contact/email: jobs@copper.example.co.uk',
      'contact/url: www.pawsandsuds.example/book',
      'contact/handle: @crumbshots_daily',
      'contact/phone: 07700 900412',
      'contact/phone: +44 161 496 0732',
      'contact/phone: 555-0147',
    ]);
  });

  it('keys phones by E.164 (national digits as the plain form), URLs without scheme and handles without "@"', () => {
    expect(findPhones('ring +44 7700 900412 or (212) 555-0199').map((p) => [p.key, p.plain])).toEqual([
      ['+447700900412', '7700900412'],
      ['+12125550199', undefined],
    ]);
    // Plain figures are not phones.
    expect(findPhones('I have 1234567 points and £1,250,000 in debt')).toEqual([]);
    expect(findUrls('See https://www.Example.org/shop/.').map((u) => [u.text, u.key])).toEqual([
      ['https://www.Example.org/shop/', 'Example.org/shop'],
    ]);
    expect(extractPii('DM @lotusandlinen.studio.').map((v) => v.key)).toEqual(['lotusandlinen.studio']);
  });

  it('finds ages, money, dates and numbers, each counted under one category', () => {
    const text =
      "I'm 34, my dad (78) was born in 1951 and my 7-year-old is in my care. Rent went up to £1,150 a month and I earn £60k. " +
      'We moved on 12 March 2021 and again in 2023. There were 12,000 of us.';
    expect(brief(extractPii(text))).toEqual([
      'age/age: 34',
      'age/age: 78',
      'age/age: 1951',
      'age/age: 7',
      'finance/money: £1,150',
      'finance/money: £60k',
      'date/date: 12 March 2021',
      'date/date: 2023',
      'number/number: 12,000',
    ]);
    expect(
      findAges('just turned forty, she is in her late twenties, 29F here')
        .map((a) => a.text)
        .sort(),
    ).toEqual(['29', 'forty', 'twenties']);
    // Not ages: heights, durations, "one of".
    expect(findAges("I'm 5'4, I'm 30 minutes away and I'm one of six")).toEqual([]);
    expect(findMoney('a 5k run cost 40 quid').map((m) => [m.text, m.key, m.plain])).toEqual([['40 quid', '40 GBP', '40']]);
    expect(
      findDates('Is it May 5th or 5/6/24? It may be.')
        .map((d) => d.text)
        .sort(),
    ).toEqual(['5/6/24', 'May 5th']);
  });

  it('finds capitalised names of people and places', () => {
    const text =
      'My boss Darren Whitcombe moved to Jesmond from Leeds. Met Priya Shah near the Old Fox. ' +
      "Hiii it's Jess! Dad has Alzheimer's. I work at Tesco on Mondays in January.";
    const found = findNamesAndPlaces(text).map((s) => `${s.kind}: ${s.text}`);
    expect(found).toEqual([
      'person: Darren Whitcombe',
      'place: Jesmond',
      'place: Leeds',
      'person: Priya Shah',
      'place: Old Fox',
      'person: Jess',
    ]);
    expect(extractPii("My neighbour Kasia's dog").map((v) => `${v.category}: ${v.text}`)).toEqual(['name: Kasia']);
  });

  it('reads a capitalised ordinary word as a name or place only when the words before it say so', () => {
    const found = (text: string) => findNamesAndPlaces(text).map((s) => `${s.kind}: ${s.text}`);
    // Emphasis, titles of institutions, sentence starts: ordinary words, not personal details.
    expect(found('Never, Kevin. Never.')).toEqual(['person: Kevin']);
    expect(found('We went to see the Landlord about the boiler.')).toEqual([]);
    expect(found('Will you come? I said Never. Honestly Amazing.')).toEqual([]);
    // The same kind of word introduced as a name or a place still counts.
    expect(found('Never again, said my sister Rose.')).toEqual(['person: Rose']);
    expect(found('We moved to Reading last year.')).toEqual(['place: Reading']);
    expect(found('My neighbour Grace is lovely.')).toEqual(['person: Grace']);
  });

  it('counts a value once even when written twice or found by two finders', () => {
    expect(brief(extractPii('Text 07700 900412. Again: 07700 900412. Jess, Jess!'))).toEqual([
      'contact/phone: 07700 900412',
      'name/person: Jess',
    ]);
    expect(brief(extractPii('She is 14 years old; 14 is young'))).toEqual(['age/age: 14']);
  });
});

describe('PII carry-over', () => {
  const source = "Hi, it's Helen Marsh from Bath. Text me on 07700 900412 or email bathchatpace@example.org, I'm 52.";

  it('reports planted values that reappear, whatever the case, spacing or phone formatting', () => {
    expect(
      carried(source, "HELEN  MARSH here, from bath! Ring +44 7700 900-412 or BathChatPace@example.org. I'm 52."),
    ).toEqual([
      'name/person: Helen Marsh',
      'location/place: Bath',
      'contact/phone: 07700 900412',
      'contact/email: bathchatpace@example.org',
      'age/age: 52',
    ]);
  });

  it('reports nothing when the values were changed', () => {
    expect(
      carried(source, "Hi, it's Maria Lopez from Leeds. Text me on 07700 900999 or email maria@example.net, I'm 40."),
    ).toEqual([]);
  });

  it('respects word boundaries', () => {
    expect(carried('Ask Ann about it', 'Annual leave, Annabel said')).toEqual([]);
    expect(carried('Ask Ann about it', "Ann's idea")).toEqual(['name/person: Ann']);
    expect(carried('I paid £800 for it', 'it was 1800 or so')).toEqual([]);
    expect(carried('I paid £800 for it', 'it was 800 quid')).toEqual(['finance/money: £800']);
  });

  it('reads phone-shaped digit runs', () => {
    // A lone digit is no phone number.
    expect(digitRuns('call +44 (0)7700 900-412 or 555.0147 at 7pm')).toEqual(['4407700900412', '5550147']);
  });
});
