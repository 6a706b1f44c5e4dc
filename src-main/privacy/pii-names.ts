/**
 * Capitalised names of people and places, found with compromise's part-of-speech tagger: its
 * lexicon knows common first names, surnames, countries, cities and street words, and it tags
 * capitalised words mid-sentence as proper nouns. A run of proper nouns is
 * - a person when it starts with a known first name and does not end in a street word
 *   ("Helen Marsh", not "Sarah Street"), when tagged as one, or when introduced by a relation
 *   or greeting ("my neighbour Kasia", "hi Jess");
 * - a place when tagged as one, or introduced by a locative word ("in", "near", "moved to")
 *   or by "the";
 * - a person, too, when two or more unknown proper nouns stand mid-sentence ("Priya Shah").
 * Dates, months, organisations and acronyms are left out. Pure.
 */
import { createRequire } from 'node:module';
import type compromise from 'compromise';
import { spanOf, type PiiSpan } from './pii-span.js';

let tagger: typeof compromise | undefined;

/** compromise, loaded on first use (its CommonJS build, so this stays synchronous): it takes about 0.3 s to load, which only audits need. */
function nlp(text: string): ReturnType<typeof compromise> {
  tagger ??= createRequire(import.meta.url)('compromise') as typeof compromise;
  return tagger(text);
}

/** The part of compromise's JSON output this module reads. */
interface TaggedTerm {
  text: string;
  pre: string;
  post: string;
  normal: string;
  tags: string[];
  offset: { start: number; length: number };
}
interface TaggedSentence {
  terms: TaggedTerm[];
}

/** A set from words separated by white space. */
const words = (list: string): ReadonlySet<string> => new Set(list.trim().split(/\s+/));

const PLACE_TAGS = words('Place City Country Region Address');
const PERSON_TAGS = words('Person FirstName LastName MaleName FemaleName');
/** Proper nouns of these kinds are not a person's name or whereabouts (dates are found elsewhere). */
const SKIP_TAGS = words('Date Month WeekDay Holiday Time Pronoun Honorific Organization Acronym Value');

const LOCATIVES = words(
  'in from near outside around at into towards toward via across through opposite visiting based',
);
/** "to X" locates only after a verb of moving: "moved to Jesmond", not "talked to Priya". */
const MOTION = words(`moved move moving went go going trip drive drove commute back relocated relocating flew flying
  travelled traveled headed heading off way`);
const NAME_INTRODUCERS = words(`named called met with hi hey hello thanks dear love ask tell told text texted ring call
  email dm message friend mate bestie boss colleague manager neighbour neighbor partner wife husband hubby boyfriend
  girlfriend fiance fiancé fiancée ex son daughter brother sister mum mom dad father mother grandad grandpa grandma nan
  gran granny aunt auntie uncle cousin niece nephew teacher doctor dr coach landlord landlady flatmate housemate
  roommate mr mrs ms miss prof nurse vet`);

function hasAny(term: TaggedTerm, tags: ReadonlySet<string>): boolean {
  return term.tags.some((t) => tags.has(t));
}

function isProperCandidate(term: TaggedTerm): boolean {
  if (!/^\p{Lu}/u.test(term.text) || hasAny(term, SKIP_TAGS)) return false;
  return term.tags.includes('ProperNoun') || hasAny(term, PERSON_TAGS) || hasAny(term, PLACE_TAGS);
}

/** Punctuation between two words ("Leeds, Bath") separates two values. */
function joined(left: TaggedTerm, right: TaggedTerm): boolean {
  return !/\S/.test(left.post) && !/\S/.test(right.pre);
}

/** Words that end a place's name: "Sarah Street" is a street, "Helen Marsh" a woman. */
const PLACE_TYPES =
  words(`street st road rd lane avenue ave close crescent drive terrace place square gardens grove park
  row court mews walk way green bridge station hospital school college university centre center church estate`);

const firstNames = new Map<string, boolean>();
/** Whether compromise's lexicon knows the word, on its own, as a first name. */
function isFirstName(word: string): boolean {
  let known = firstNames.get(word);
  if (known === undefined) firstNames.set(word, (known = nlp(word).has('#FirstName')));
  return known;
}

const commonWords = new Map<string, boolean>();
/**
 * Whether compromise's lexicon knows the lower-cased word as an ordinary word (a verb, an adverb, a
 * common noun such as "landlord"), not as a name or a place: "Never" or "Landlord" written with a capital.
 * Words it does not know ("fiesta", "jesmond") are not ordinary by this test.
 */
function isCommonWord(word: string): boolean {
  const lower = word.toLowerCase();
  let known = commonWords.get(lower);
  if (known === undefined) {
    tagger ??= createRequire(import.meta.url)('compromise') as typeof compromise;
    const entry = (tagger.world() as { model: { one: { lexicon: Record<string, string | string[] | undefined> } } }).model.one.lexicon[lower];
    const tags = entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
    known = tags.length > 0 && !tags.some((t) => PERSON_TAGS.has(t) || PLACE_TAGS.has(t) || t === 'ProperNoun' || t.endsWith('Name'));
    commonWords.set(lower, known);
  }
  return known;
}

function classify(span: TaggedTerm[], before: string[], sentenceInitial: boolean): 'place' | 'person' | undefined {
  const [previous, beforeThat] = before;
  // One capitalised ordinary word ("Never", "the Landlord") is a name or a place only when the words
  // before it say so ("my sister Rose", "moved to Reading"), not by its capital or its tags alone.
  if (span.length === 1 && isCommonWord(span[0]!.text)) {
    if (previous !== undefined && (LOCATIVES.has(previous) || (previous === 'to' && beforeThat !== undefined && MOTION.has(beforeThat))))
      return 'place';
    if (previous !== undefined && NAME_INTRODUCERS.has(previous)) return 'person';
    return undefined;
  }
  // compromise reads a surname that is also a landscape word as a place ("Helen Marsh", "Sarah Hill").
  const last = span[span.length - 1]!;
  if (span.length >= 2 && !PLACE_TYPES.has(last.normal) && isFirstName(span[0]!.text)) return 'person';
  if (span.some((t) => hasAny(t, PLACE_TAGS))) return 'place';
  if (span.some((t) => hasAny(t, PERSON_TAGS))) return 'person';
  // People's names take no article: "the Old Fox" is a pub, "the Lake District" a region.
  if (before[0] === 'the') return 'place';
  if (
    previous !== undefined &&
    (LOCATIVES.has(previous) || (previous === 'to' && beforeThat !== undefined && MOTION.has(beforeThat)))
  )
    return 'place';
  if (previous !== undefined && NAME_INTRODUCERS.has(previous)) return 'person';
  // A capital starting a sentence says nothing; two unknown ones mid-sentence are most likely a full name.
  if (!sentenceInitial && span.length >= 2) return 'person';
  return undefined;
}

/** The term's position in the text, trusting compromise's offset only when it points at the term. */
function startOf(text: string, term: TaggedTerm, from: number): number {
  const { start } = term.offset;
  return text.startsWith(term.text, start) ? start : text.indexOf(term.text, from);
}

export function findNamesAndPlaces(text: string): PiiSpan[] {
  const sentences = nlp(text).json({ offset: true, terms: { offset: true } }) as TaggedSentence[];
  const out: PiiSpan[] = [];
  let searchFrom = 0;
  for (const sentence of sentences) {
    // Contractions add empty terms ("it's" → "it" + ""): they carry no text.
    const terms = sentence.terms.filter((t) => t.text.length > 0);
    for (let i = 0; i < terms.length; i++) {
      if (!isProperCandidate(terms[i]!)) continue;
      let j = i;
      while (j + 1 < terms.length && isProperCandidate(terms[j + 1]!) && joined(terms[j]!, terms[j + 1]!)) j++;
      const span = terms.slice(i, j + 1);
      const before = terms
        .slice(Math.max(0, i - 3), i)
        .map((t) => t.normal)
        .reverse();
      const kind = classify(span, before, i === 0);
      if (kind) {
        const first = span[0]!;
        const last = span[span.length - 1]!;
        const start = startOf(text, first, searchFrom);
        const lastStart = startOf(text, last, start);
        if (start >= 0 && lastStart >= start) {
          // "Kasia's dog": the name is Kasia.
          const value = text.slice(start, lastStart + last.text.length).replace(/['’]s$/u, '');
          if ((value.match(/\p{L}/gu) ?? []).length >= 2) out.push(spanOf(kind, text, start, start + value.length));
          searchFrom = lastStart;
        }
      }
      i = j;
    }
  }
  return out;
}
