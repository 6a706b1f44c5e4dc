/**
 * Text measurements for the reply gate (pure): words and stems, Unicode script proportions, a
 * stopword-based language guess, word-salad signals and a topic similarity between a post and a reply.
 */
import { FIRST_PERSON, GENERIC_WORDS, SECOND_PERSON, STOPWORDS, TOPIC_KINDS } from './reply-gate-lexicon.js';

/** Lower-cased words (letters, digits and inner apostrophes), NFC-normalised. */
export function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFC')
      .replace(/[’‘]/g, "'")
      .match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? []
  );
}

function trigrams(ws: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 2 < ws.length; i++) out.add(`${ws[i]} ${ws[i + 1]} ${ws[i + 2]}`);
  return out;
}

/**
 * Share (0..1) of the variant's distinct word trigrams that also occur in the source; 0 when the variant
 * has fewer than three words (too short to tell).
 */
export function trigramOverlap(source: string, variant: string): number {
  const v = trigrams(words(variant));
  if (v.size === 0) return 0;
  const s = trigrams(words(source));
  let shared = 0;
  for (const t of v) if (s.has(t)) shared++;
  return shared / v.size;
}

/** Share (0..1) of the source's word trigrams found in the text: how much of the post the text contains. */
export function sourceContainment(source: string, text: string): number {
  return trigramOverlap(text, source);
}

export type Script =
  'latin' | 'cyrillic' | 'greek' | 'cjk' | 'hangul' | 'arabic' | 'hebrew' | 'devanagari' | 'thai' | 'other';

const SCRIPTS: [Script, RegExp][] = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  // Japanese writes kanji and kana together: one script here.
  ['cjk', /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
  ['thai', /\p{Script=Thai}/u],
];

export interface ScriptProfile {
  /** Number of letters counted. */
  letters: number;
  /** The most frequent script and its share (0..1) of the letters; 'other' with share 0 when no letters. */
  top: Script;
  share: number;
}

/** Which Unicode script the text's letters are written in, by proportion. */
export function scriptProfile(text: string): ScriptProfile {
  const counts = new Map<Script, number>();
  let letters = 0;
  let ascii = 0;
  for (const ch of text) {
    // ASCII letters are by far the most common: count them without a regex.
    if (ch < '\u0080') {
      if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) ascii++;
      continue;
    }
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    const s = SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'other';
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  letters += ascii;
  if (ascii) counts.set('latin', (counts.get('latin') ?? 0) + ascii);
  let top: Script = 'other';
  let best = 0;
  for (const [s, n] of counts) if (n > best) [top, best] = [s, n];
  return { letters, top, share: letters ? best / letters : 0 };
}

export interface LanguageGuess {
  /** ISO 639-1 code of the best-scoring language, or undefined when no language is clear. */
  lang: string | undefined;
  /** Share (0..1) of the words that are function words of `lang` (of English when undefined). */
  rate: number;
  /** The highest share of any language's function words (0..1), clear winner or not. */
  bestRate: number;
  /** Each language's share (0..1). */
  rates: Record<string, number>;
}

/**
 * Guesses a Latin-script text's language from its share of each language's function words. Needs at least
 * `minWords` words; the winner must have a share of at least 0.12 and beat the runner-up by 1.2× (the
 * Romance languages share many function words, so the margin is small).
 */
export function guessLanguage(ws: readonly string[], minWords = 6): LanguageGuess {
  const scores: [string, number][] = Object.entries(STOPWORDS).map(([lang, set]) => {
    let n = 0;
    for (const w of ws) if (set.has(w)) n++;
    return [lang, ws.length ? n / ws.length : 0];
  });
  scores.sort((a, b) => b[1] - a[1]);
  const [first, second] = scores;
  const en = scores.find(([l]) => l === 'en')![1];
  const bestRate = first?.[1] ?? 0;
  const rates = Object.fromEntries(scores);
  if (ws.length < minWords || !first || first[1] < 0.12 || (second && first[1] < second[1] * 1.2))
    return { lang: undefined, rate: en, bestRate, rates };
  return { lang: first[0], rate: first[1], bestRate, rates };
}

const VOWELS = /[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ]/;
const CONSONANT_RUN = /[bcdfghjklmnpqrstvwxz]{5,}/;

/**
 * Word-salad signals of a text: the share (0..1) of its tokens that do not look like words of any
 * language — several scripts in one token, a capital inside lower-case letters ("ReginfilesCollection"),
 * letters glued to digits, Latin tokens of 4+ letters without a vowel or with 5+ consonants in a row, or
 * 20+ letters in one token — and the share of characters that are markup-like symbols.
 */
export function saladSignals(text: string): {
  tokens: number;
  oddTokenShare: number;
  symbolShare: number;
  meanSpacedTokenLength: number;
  distinctShare: number;
} {
  const tokens = text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
  let odd = 0;
  for (const t of tokens) {
    const latin = /^[a-z0-9]+$/i.test(t) || /^[\p{Script=Latin}\p{N}]+$/u.test(t);
    if (
      !latin &&
      !/^(?:[\p{Script=Cyrillic}\p{N}]+|[\p{Script=Greek}\p{N}]+|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{N}ー]+|[\p{Script=Hangul}\p{N}]+|[\p{Script=Arabic}\p{N}]+|[\p{Script=Hebrew}\p{N}]+|[\p{Script=Devanagari}\p{M}\p{N}]+|[\p{Script=Thai}\p{M}\p{N}]+)$/u.test(
        t,
      )
    ) {
      odd++;
      continue;
    }
    if (!latin) continue;
    const lower = t.toLowerCase();
    if (
      /\p{Ll}\p{Lu}/u.test(t) ||
      (/\p{L}/u.test(t) &&
        /\p{N}/u.test(t) &&
        !/^\d+(?:st|nd|rd|th|s|k|m|am|pm|yo|kg|km|cm|ft|lbs?)$/i.test(t) &&
        !/^[a-z]{1,3}\d{1,4}$/i.test(t)) ||
      (lower.length >= 4 && /^\p{L}+$/u.test(lower) && !VOWELS.test(lower)) ||
      CONSONANT_RUN.test(lower) ||
      lower.length >= 20
    ) {
      odd++;
    }
  }
  const visible = text.replace(/\s+/g, '');
  const symbols = visible.match(/[\\{}[\]^~|<>=`_]/g)?.length ?? 0;
  // Scripts that separate words by spaces: their tokens average 4–6 letters; CJK and Thai do not count.
  const spaced = tokens.filter(
    (t) =>
      !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Hangul}]/u.test(t) ||
      /[\p{Script=Latin}\p{Script=Cyrillic}]/u.test(t),
  );
  const spacedLetters = spaced.reduce((n, t) => n + t.length, 0);
  const distinct = new Set(tokens.map((t) => t.toLowerCase())).size;
  return {
    tokens: tokens.length,
    oddTokenShare: tokens.length ? odd / tokens.length : 0,
    symbolShare: visible.length ? symbols / visible.length : 0,
    meanSpacedTokenLength: spaced.length ? spacedLetters / spaced.length : 0,
    distinctShare: tokens.length ? distinct / tokens.length : 1,
  };
}

/** A light, language-blind stem: strips common English/Romance suffixes and a final e, then keeps 6 letters. */
export function stem(word: string): string {
  let w = word.replace(/'s$/, '');
  if (w.length > 5) w = w.replace(/(?:ing|ed|es|ly|s)$/, '');
  else if (w.length > 3) w = w.replace(/s$/, '');
  w = w.replace(/e$/, '');
  return w.slice(0, 6);
}

const ALL_STOPWORDS = new Set(Object.values(STOPWORDS).flatMap((s) => [...s]));

/** The distinct content-word stems of a text: no function words, no generic words, no 1–2 letter words. */
export function contentStems(ws: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const w of ws) {
    if (w.length < 3 || ALL_STOPWORDS.has(w) || GENERIC_WORDS.has(w) || /^\d+$/.test(w)) continue;
    out.add(stem(w));
  }
  return out;
}

const KIND_OF_STEM = new Map<string, string>();
for (const [kind, list] of Object.entries(TOPIC_KINDS))
  for (const w of list) if (!KIND_OF_STEM.has(stem(w))) KIND_OF_STEM.set(stem(w), kind);

/** The kinds of personal detail (TOPIC_KINDS) a text touches. */
export function topicKinds(text: string, stems: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  for (const s of stems) {
    const k = KIND_OF_STEM.get(s) ?? KIND_OF_STEM.get(s.slice(0, 5)) ?? KIND_OF_STEM.get(s.slice(0, 4));
    if (k) out.add(k);
  }
  return out;
}

/** Shares (0..1) of first-person and English second-person words among the words. */
export function personRates(ws: readonly string[]): { first: number; second: number } {
  let first = 0;
  let second = 0;
  for (const w of ws) {
    if (FIRST_PERSON.has(w)) first++;
    else if (SECOND_PERSON.has(w)) second++;
  }
  return { first: ws.length ? first / ws.length : 0, second: ws.length ? second / ws.length : 0 };
}

export interface TopicComparison {
  sourceStems: number;
  replyStems: number;
  /** Content stems both texts use (a stem of one that is a 4+ letter prefix of the other's counts). */
  shared: number;
  /** shared / sourceStems (0..1). */
  coverage: number;
  /** Kinds of personal detail both touch, and how many the source touches. */
  sharedKinds: number;
  sourceKinds: number;
}

/** How much a reply shares the topic of its post: content-word stems and kinds of personal detail. */
export function compareTopics(
  source: string,
  reply: string,
  sourceWords: readonly string[],
  replyWords: readonly string[],
): TopicComparison {
  const s = contentStems(sourceWords);
  const r = contentStems(replyWords);
  let shared = 0;
  const rList = [...r];
  for (const a of s) {
    if (r.has(a) || (a.length >= 4 && rList.some((b) => b.length >= 4 && (b.startsWith(a) || a.startsWith(b)))))
      shared++;
  }
  const sk = topicKinds(source, s);
  const rk = topicKinds(reply, r);
  let sharedKinds = 0;
  for (const k of sk) if (rk.has(k)) sharedKinds++;
  return {
    sourceStems: s.size,
    replyStems: r.size,
    shared,
    coverage: s.size ? shared / s.size : 0,
    sharedKinds,
    sourceKinds: sk.size,
  };
}
