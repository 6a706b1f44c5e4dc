/**
 * A rule-based stand-in rephraser for the demo: NOT a language model. It replaces the personal values
 * the privacy audit finds (names, places, ages, amounts, dates, numbers, contacts) with invented ones,
 * swaps common words for synonyms and, at higher temperatures, reorders sentences. It is deterministic
 * per (post, seed, temperature), and its temperature means what a model's does for the sweep: higher
 * temperatures change more words (so similarity to the source falls) and, at a documented rate, give the
 * kinds of bad replies real chat models give (a refusal, an unchanged copy) so that the reply gate and
 * the sweep's accepted-share rule have something to show. Pure.
 *
 * The demo serves it through a local OpenAI-compatible HTTP server (stand-in-server.ts) and the real
 * HTTP backend, so the whole pipeline runs as it would with a real model, in seconds.
 */
import { extractPii } from '../privacy/pii-extract.js';
import { mulberry32, type Random } from '../util/random.js';

export interface StandInStyle {
  /** Share of known words swapped for a synonym at temperature 0; it grows by `perTemperature` per unit. */
  baseSwap: number;
  perTemperature: number;
}

/** Two styles, registered as two stand-in "models" by the demo. */
export const STAND_IN_STYLES: Record<'light' | 'heavy', StandInStyle> = {
  light: { baseSwap: 0.35, perTemperature: 0.4 },
  heavy: { baseSwap: 0.55, perTemperature: 0.4 },
};

/**
 * Chance of a deliberately bad reply (half refusals, half unchanged copies) at a temperature: none up to
 * 0.7, then rising 0.8 per unit (0.08 at 0.8, 0.24 at 1.0, capped at 0.6).
 */
export function badReplyRate(temperature: number): number {
  return Math.min(0.6, Math.max(0, (temperature - 0.7) * 0.8));
}

// Common words of personal posts and synonyms that keep the meaning (lower case).
const SYNONYMS: Record<string, string[]> = {
  bought: ['picked up', 'purchased', 'got'],
  buy: ['purchase', 'get'],
  very: ['really', 'seriously', 'incredibly'],
  expensive: ['costly', 'pricey'],
  every: ['each'],
  anyone: ['anybody', 'does anyone'],
  want: ['fancy', 'wish'],
  question: ['query'],
  legal: ['allowed', 'lawful'],
  found: ['come across', 'discovered'],
  love: ['adore', 'really like'],
  just: ['only just', 'recently'],
  started: ['begun', 'kicked off'],
  money: ['cash', 'funds'],
  completely: ['entirely', 'totally'],
  feels: ['seems'],
  maybe: ['perhaps', 'possibly'],
  normal: ['usual', 'standard'],
  honest: ['frank', 'candid'],
  opinions: ['views', 'thoughts'],
  before: ['ahead of', 'prior to'],
  new: ['fresh', 'brand-new'],
  look: ['appear'],
  help: ['send help', 'assist'],
  thinking: ['considering', 'wondering about'],
  leaving: ['quitting', 'walking away from'],
  job: ['role', 'position'],
  little: ['small', 'tiny'],
  everyone: ['everybody', 'all my friends'],
  says: ['tells me', 'reckons'],
  mad: ['crazy', 'out of my mind'],
  said: ['told me', 'mentioned'],
  nothing: ['nothing at all', 'no issue'],
  worry: ['stress', 'fret'],
  please: ['do', 'honestly, please'],
  get: ['have', 'go and get'],
  checked: ['looked at', 'examined'],
  takes: ['needs', 'only takes'],
  might: ['could', 'may'],
  save: ['rescue', 'protect'],
  life: ['health', 'life'],
  replied: ['responded', 'answered'],
  someone: ['somebody', 'a colleague'],
  finally: ['at last', 'eventually'],
  finished: ['completed', 'wrapped up'],
  moved: ['relocated', 'went'],
  wife: ['partner', 'spouse'],
  husband: ['partner', 'spouse'],
  friend: ['mate', 'pal'],
  friends: ['mates', 'pals'],
  tired: ['exhausted', 'worn out'],
  happy: ['glad', 'pleased'],
  sad: ['down', 'low'],
  angry: ['furious', 'cross'],
  big: ['large', 'huge'],
  small: ['little', 'modest'],
  good: ['great', 'decent'],
  bad: ['awful', 'poor'],
  think: ['reckon', 'believe'],
  know: ['realise', 'understand'],
  need: ['require', 'have to get'],
  house: ['home', 'place'],
  car: ['motor', 'vehicle'],
  today: ['this morning', 'today'],
  yesterday: ['the other day', 'last night'],
  week: ['seven days', 'week'],
  year: ['twelve months'],
  years: ['twelve-month stretches', 'years now'],
  again: ['once more', 'yet again'],
  really: ['truly', 'genuinely'],
  actually: ['in fact', 'honestly'],
  probably: ['likely', 'most likely'],
  start: ['begin', 'kick off'],
  stop: ['quit', 'give up'],
  kids: ['children', 'little ones'],
  doctor: ['GP', 'physician'],
  hospital: ['clinic', 'A&E'],
  school: ['college', 'academy'],
  boss: ['manager', 'line manager'],
  company: ['firm', 'employer'],
  neighbour: ['neighbor', 'next-door neighbour'],
  rent: ['rental payment'],
  savings: ['nest egg', 'rainy-day fund'],
  pay: ['salary', 'wage'],
  got: ['received', 'ended up with'],
  went: ['headed', 'popped'],
  came: ['turned up', 'arrived'],
  asked: ['requested', 'enquired'],
  told: ['informed', 'let know'],
  make: ['create', 'produce'],
  made: ['created', 'produced'],
  going: ['heading', 'planning'],
  thing: ['matter', 'business'],
  things: ['stuff', 'matters'],
  people: ['folks', 'individuals'],
  great: ['brilliant', 'fantastic'],
  best: ['finest', 'greatest'],
  hate: ["can't stand", 'loathe'],
  because: ['since', 'as'],
  but: ['yet', 'though'],
  also: ['too', 'as well'],
  quite: ['fairly', 'rather'],
  lot: ['ton', 'great deal'],
  now: ['these days', 'at the moment'],
  never: ['not once', 'never ever'],
  always: ['constantly', 'forever'],
  still: ['even now', 'yet'],
  since: ['ever since', 'from when'],
  trying: ['attempting', 'working'],
  try: ['attempt', 'have a go'],
  tell: ['inform', 'let'],
  ask: ['enquire', 'request'],
  keep: ['continue', 'carry on'],
  feel: ['sense', 'think'],
  seems: ['appears', 'looks'],
  problem: ['issue', 'trouble'],
  advice: ['tips', 'guidance'],
  anything: ['a thing', 'whatever'],
  everything: ['all of it', 'the lot'],
  honestly: ['truthfully', 'frankly'],
  literally: ['actually', 'genuinely'],
  absolutely: ['totally', 'utterly'],
  terrible: ['dreadful', 'awful'],
  amazing: ['incredible', 'wonderful'],
  weird: ['strange', 'odd'],
  hard: ['difficult', 'tough'],
  easy: ['simple', 'straightforward'],
  month: ['four weeks'],
  months: ['long months', 'months now'],
  morning: ['a.m.', 'early hours'],
  night: ['evening', 'nighttime'],
};

// Contractions and their long forms, both ways: frequent, so they move many word trigrams.
const CONTRACTIONS: [string, string][] = [
  ["i'm", 'i am'],
  ["it's", 'it is'],
  ["don't", 'do not'],
  ["can't", 'cannot'],
  ["i've", 'i have'],
  ["i'd", 'i would'],
  ["isn't", 'is not'],
  ["didn't", 'did not'],
  ["won't", 'will not'],
  ["doesn't", 'does not'],
  ["they're", 'they are'],
  ["we're", 'we are'],
  ["you're", 'you are'],
  ["wasn't", 'was not'],
  ["i'll", 'i will'],
];
const CONTRACTION_SWAP = new Map<string, string>(CONTRACTIONS.flatMap(([a, b]) => [[a, b], [b, a]]));
const CONTRACTION_PATTERN = new RegExp(`\\b(?:${[...CONTRACTION_SWAP.keys()].map((k) => k.replace(' ', '\\s+')).join('|')})\\b`, 'gi');

const FIRST_NAMES = ['Maya', 'Tomasz', 'Priya', 'Callum', 'Ines', 'Oluwaseun', 'Hannah', 'Rafael', 'Keira', 'Dmitri', 'Aoife', 'Samir'];
const SURNAMES = ['Hartley', 'Okafor', 'Lindqvist', 'Moreau', 'Castellano', 'Byrne', 'Nakamura', 'Ellison', 'Farouk', 'Quinlan'];
const PLACES = ['Harrogate', 'Swansea', 'Norwich', 'Inverness', 'Plymouth', 'Lancaster', 'Derry', 'Stirling', 'Exeter', 'Carlisle'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const pick = <T>(rand: Random, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

/** A different number of about the same size (never the same value). */
function otherNumber(rand: Random, value: number): number {
  const shift = Math.max(1, Math.round(Math.abs(value) * (0.1 + rand() * 0.3)));
  return value + (rand() < 0.5 && value - shift > 0 ? -shift : shift);
}

/** Digits replaced one by one, keeping punctuation and length. */
function otherDigits(rand: Random, text: string): string {
  return text.replace(/\d/g, (d) => String((Number(d) + 1 + Math.floor(rand() * 8)) % 10));
}

/** An invented value of the same kind as a found one. */
function inventValue(rand: Random, kind: string, text: string): string {
  switch (kind) {
    case 'person':
      return text.includes(' ') ? `${pick(rand, FIRST_NAMES)} ${pick(rand, SURNAMES)}` : pick(rand, FIRST_NAMES);
    case 'place':
      return pick(rand, PLACES.filter((p) => p !== text));
    case 'email':
      return `${pick(rand, FIRST_NAMES).toLowerCase()}.${pick(rand, SURNAMES).toLowerCase()}@example.org`;
    case 'handle':
      return `@${pick(rand, FIRST_NAMES).toLowerCase()}_${Math.floor(rand() * 900 + 100)}`;
    case 'url':
      return `example.org/${pick(rand, SURNAMES).toLowerCase()}`;
    case 'date':
      return text.replace(new RegExp(MONTHS.join('|')), () => pick(rand, MONTHS)).replace(/\d+/g, (n) => String(otherNumber(rand, Number(n))));
    case 'phone':
      return otherDigits(rand, text);
    default:
      // age, money, number: every number in it changed, the rest (currency, "k", words) kept.
      return text.replace(/\d[\d,]*(?:\.\d+)?/g, (n) => {
        const value = Number(n.replace(/,/g, ''));
        if (!Number.isFinite(value)) return otherDigits(rand, n);
        const other = otherNumber(rand, value);
        return n.includes(',') ? other.toLocaleString('en-GB') : String(other);
      });
  }
}

function matchCase(word: string, replacement: string): string {
  if (word === word.toUpperCase() && word.length > 1) return replacement.toUpperCase();
  return /^[A-Z]/.test(word) ? replacement[0]!.toUpperCase() + replacement.slice(1) : replacement;
}

/** A stable 32-bit hash of a string (FNV-1a), to seed per post. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The stand-in's reply to a rewrite request for `post`. Same (post, seed, temperature, style): same reply.
 */
export function ruleBasedRephrase(post: string, o: { seed: number; temperature: number; style?: StandInStyle }): string {
  const style = o.style ?? STAND_IN_STYLES.light;
  const rand = mulberry32(hash(post) ^ Math.imul(o.seed + 1, 0x9e3779b1) ^ Math.round(o.temperature * 1000));
  const bad = rand();
  const rate = badReplyRate(o.temperature);
  if (bad < rate / 2) return "I'm sorry, but I can't help rewrite posts that contain other people's personal details.";
  if (bad < rate) return post;

  // 1. Personal values, replaced from the end so that earlier offsets stay valid; the same value (a name
  // written twice, or its first name alone) gets the same invented one.
  let text = post;
  const invented = new Map<string, string>();
  const found = extractPii(post);
  // Full names first, so that a first name alone can follow its full name's replacement.
  for (const v of [...found].sort((a, b) => b.text.length - a.text.length || a.start - b.start)) {
    if (invented.has(v.text)) continue;
    const full = v.kind === 'person' && !v.text.includes(' ') ? [...invented].find(([k]) => k.startsWith(`${v.text} `)) : undefined;
    invented.set(v.text, full ? full[1].split(' ')[0]! : inventValue(rand, v.kind, v.text));
  }
  for (const v of found.sort((a, b) => b.start - a.start)) {
    text = text.slice(0, v.start) + invented.get(v.text)! + text.slice(v.end);
  }
  // 2. Synonyms: each known word swapped with a probability that grows with the temperature; contractions
  // opened or closed the same way.
  const swap = Math.min(0.95, style.baseSwap + style.perTemperature * o.temperature);
  text = text.replace(CONTRACTION_PATTERN, (found) => {
    const other = CONTRACTION_SWAP.get(found.toLowerCase().replace(/\s+/g, ' ').replace(/\u2019/g, "'"));
    return other && rand() < Math.min(0.95, swap + 0.3) ? matchCase(found, other.replace(/^i\b/, 'I')) : found;
  });
  text = text.replace(/[A-Za-z]+/g, (word) => {
    const options = SYNONYMS[word.toLowerCase()];
    return options && rand() < swap ? matchCase(word, pick(rand, options)) : word;
  });
  // 3. Light reordering: above temperature 0.6, two neighbouring sentences may change places.
  const sentences = text.match(/[^.!?]+[.!?]+["')\]]*\s*|[^.!?]+$/g) ?? [text];
  if (sentences.length >= 3 && rand() < Math.max(0, o.temperature - 0.6)) {
    const i = 1 + Math.floor(rand() * (sentences.length - 2));
    [sentences[i], sentences[i + 1]] = [sentences[i + 1]!, sentences[i]!];
    text = sentences.map((s) => s.trim()).join(' ');
  }
  return text.trim();
}

/**
 * The post inside a rewrite request: the text after the last line that is just "Post:" (as in the bundled
 * prompt), else the whole message.
 */
export function postFromRequest(userMessage: string): string {
  const m = /(?:^|\n)\s*post\s*:\s*\n([\s\S]*)$/i.exec(userMessage);
  return (m ? m[1]! : userMessage).trim();
}
