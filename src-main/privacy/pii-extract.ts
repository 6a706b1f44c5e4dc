/**
 * Finds the specific personal values in a source post and files each under a PII category.
 * Finders run in priority order and a later finder cannot claim text an earlier one has
 * (the digits of a phone number are not also "numbers", the year in "born in 1991" is an age,
 * not a date). Pure.
 */
import { PII_CATEGORY_OF_KIND, type PiiCategory } from '../contract/audit-schemas.js';
import { findNamesAndPlaces } from './pii-names.js';
import { findAges, findDates, findEmails, findHandles, findMoney, findNumbers, findUrls } from './pii-patterns.js';
import { findPhones } from './pii-phones.js';
import type { PiiSpan } from './pii-span.js';

export interface PiiValue extends PiiSpan {
  category: PiiCategory;
}

/** Highest priority first. */
const FINDERS: readonly ((text: string) => PiiSpan[])[] = [
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

/** Every distinct value in the text, in text order; a value written twice, or found by two finders, counts once. */
export function extractPii(text: string): PiiValue[] {
  const claimed: PiiSpan[] = [];
  const claimedKeys = new Set<string>();
  const values: PiiValue[] = [];
  const overlapsClaimed = (s: PiiSpan) => claimed.some((c) => s.start < c.end && c.start < s.end);
  for (const find of FINDERS) {
    // Within one finder the longest match wins: "12 March 2023" over "2023".
    const found = find(text).sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
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
