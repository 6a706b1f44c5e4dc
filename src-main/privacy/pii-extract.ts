/**
 * Finds the specific personal values in a source post and files each under a PII category.
 * Finders run in priority order and a later finder cannot claim text an earlier one has
 * (the digits of a phone number are not also "numbers", the year in "born in 1991" is an age,
 * not a date). Pure.
 */
import { PII_CATEGORY_OF_KIND, type PiiCategory } from '../contract/audit-schemas.js';
import { findNamesAndPlaces } from './pii-names.js';
import { findAges, findDates, findEmails, findHandles, findMoney, findNumbers, findUrls } from './pii-patterns.js';
import type { PiiOptions } from './pii-normalize.js';
import { findPhones } from './pii-phones.js';
import type { PiiSpan } from './pii-span.js';

export interface PiiValue extends PiiSpan {
  category: PiiCategory;
}

/** Highest priority first. Dates come before phones: "12.03.2024" is a date, though a possible German number. */
const FINDERS: readonly ((text: string, options: PiiOptions) => PiiSpan[])[] = [
  findEmails,
  findUrls,
  findHandles,
  findMoney,
  findAges,
  findDates,
  findPhones,
  findNumbers,
  findNamesAndPlaces,
];

/**
 * Every distinct value in the text, in text order; a value written twice (in any spelling with
 * the same canonical key: "06.12.34.56.78" and "+33 6 12 34 56 78"), or found by two finders,
 * counts once. `options.region` sets the country of national phone numbers and the order of
 * numeric dates.
 */
export function extractPii(text: string, options: PiiOptions = {}): PiiValue[] {
  const claimed: PiiSpan[] = [];
  const claimedKeys = new Set<string>();
  const values: PiiValue[] = [];
  const overlapsClaimed = (s: PiiSpan) => claimed.some((c) => s.start < c.end && c.start < s.end);
  for (const find of FINDERS) {
    // Within one finder the longest match wins: "12 March 2023" over "2023".
    const found = find(text, options).sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
    for (const s of found) {
      if (overlapsClaimed(s)) continue;
      // A repeat still claims its text (so its digits are not also "numbers") but is not a new value.
      claimed.push(s);
      const key = s.key.toLowerCase();
      if (claimedKeys.has(key)) continue;
      claimedKeys.add(key);
      values.push({ ...s, category: PII_CATEGORY_OF_KIND[s.kind] });
    }
  }
  return values.sort((a, b) => a.start - b.start);
}
