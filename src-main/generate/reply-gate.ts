/**
 * The reply gate: decides whether a model's reply to the rephrase prompt is a usable rewrite of its post,
 * extracts the rewrite from the chatter around it, and otherwise names why not (GateOutcome). Pure: the
 * generation job stores every verdict with the raw reply, so a researcher can audit the gate.
 *
 * Order of checks (the first that fires decides; README "The reply gate" explains why this order):
 *  1. empty            no letter or digit at all
 *  2. garbled          control characters or U+FFFD that the post does not contain
 *  3. special_tokens   chat-template tokens or role markers; end-of-turn tokens that only END the reply are
 *                      cut instead (the backend should have stopped there; nothing after them is lost)
 *  4. alternatives     several labelled or "or"-separated rewrites, or a preamble announcing several
 *  5. refusal          a refusal or lecture in the rewrite (or in the whole reply when no rewrite is marked)
 *  6. empty            nothing left after the preamble, labels and notes ("Sure! Here's a rephrased version:")
 *  7. garbled          letters of several scripts mixed, word salad, markup-symbol soup
 *  8. language_mismatch another script or (Latin script) another language than the post
 *  9. instruction_echo restated instructions, the post repeated and continued, or an answer to the poster
 * 10. off_topic        fluent text that shares neither the post's content words nor its kinds of detail
 * 11. truncated        finish reason 'length' (or 'abort'/'error') inside the rewrite
 * 12. verbatim         the same words, or word-trigram overlap at or above maxOverlap
 * 13. length           length ratio outside [minLengthRatio, maxLengthRatio]
 * Content failures (1–10) come before truncation: a larger token budget would not fix them, and the
 * generation job retries a truncated reply with a larger budget.
 */
import type { FinishReason, GateOutcome } from '../contract/schemas.js';
import {
  ADDRESSING_OPENER,
  ALT_LABEL,
  CHANGE_ITEM,
  DESCRIBES_POST,
  INLINE_INTRO,
  isChatterLine,
  INSTRUCTION_SENTENCE,
  isIntroLine,
  LABEL,
  LECTURE_WEAK,
  NOTE_START,
  ORIGINAL_LABEL,
  OR_LINE,
  PLURAL_INTRO,
  REFUSAL_STRONG,
  ROLE_MARKER,
  SPECIAL_TOKEN,
  TRAILING_END_TOKENS,
} from './reply-gate-rules.js';
import {
  compareTopics,
  guessLanguage,
  personRates,
  saladSignals,
  scriptProfile,
  sourceContainment,
  trigramOverlap,
  words,
} from './reply-gate-text.js';

export { trigramOverlap } from './reply-gate-text.js';

/** The gate's tunable limits; the same fields as ValidationOptionsSchema in contract/schemas.ts. */
export interface GateOptions {
  /** Allowed rewrite/post length ratio, in characters. */
  minLengthRatio: number;
  maxLengthRatio: number;
  /** Word-trigram overlap (0..1) at or above which a rewrite counts as a near-verbatim copy. */
  maxOverlap: number;
}

export const DEFAULT_GATE_OPTIONS: GateOptions = { minLengthRatio: 0.3, maxLengthRatio: 3, maxOverlap: 0.8 };

export interface GateVerdict {
  outcome: GateOutcome;
  /** The extracted, cleaned rewrite when outcome is 'accepted', else null. */
  text: string | null;
  /** One human-readable sentence saying why. */
  detail: string;
}

// C0/C1 control characters other than tab and newlines, and U+FFFD: bytes no text should hold.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFD]/;

function reject(outcome: Exclude<GateOutcome, 'accepted'>, detail: string): GateVerdict {
  return { outcome, text: null, detail: `${outcome}: ${detail}` };
}

function excerpt(s: string, n = 60): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > n ? `${one.slice(0, n)}…` : one);
}

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Whether the fragment's words occur, in order and together, in the post (then it is the post's, not chatter). */
function inSource(sourceKey: string, fragment: string): boolean {
  const key = words(fragment).join(' ');
  return key.length > 0 && sourceKey.includes(key);
}

const QUOTE_PAIRS: readonly [string, string][] = [
  ['"', '"'],
  ['\u201c', '\u201d'],
  ['\u00ab', '\u00bb'],
  ['\u201e', '\u201c'],
  ['\u2018', '\u2019'],
];

/** Whether the quotes inside `inner` pair up on their own, so that the outer pair wraps the whole text. */
function innerQuotesBalanced(inner: string, open: string, close: string): boolean {
  let depth = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (open === close) {
      if (ch !== open) continue;
      const prev = i === 0 ? ' ' : inner[i - 1]!;
      // A straight quote after a space or bracket opens; anything else closes.
      if (/[\s([{\-—–]/.test(prev) && depth === 0) depth++;
      else if (depth > 0) depth--;
      else return false;
    } else if (ch === open) depth++;
    else if (ch === close && --depth < 0) return false;
  }
  return depth === 0;
}

/** Removes quotes that wrap the whole rewrite, keeping quotes that belong to the post. */
function unwrapQuotes(text: string, source: string): string {
  for (const [open, close] of QUOTE_PAIRS) {
    const m = text.match(new RegExp(`^\\${open}([\\s\\S]+)\\${close}([.!]?)$`));
    if (!m) continue;
    const src = source.trim();
    if (src.startsWith(open) && (src.endsWith(close) || src.endsWith(`${close}.`))) return text;
    if (open === '\u2018' && /^\p{L}/u.test(m[1]!) && (m[1]!.match(/\u2019/g)?.length ?? 0) > 0) continue;
    // Inner quotes pair up, or they are exactly the post's own (inch marks, a lone quotation mark).
    const inner = m[1]!;
    const count = (x: string) => x.split(close).length - 1 + (open === close ? 0 : x.split(open).length - 1);
    if (innerQuotesBalanced(inner, open, close) || (count(inner) > 0 && count(inner) === count(src)))
      return inner.trim();
  }
  return text;
}

interface Extraction {
  /** The rewrite candidate. */
  text: string;
  /** What came before it (preamble, lecture) and after it (notes, lists of changes). */
  lead: string;
  notes: string;
  /** True when a line or label clearly introduced the rewrite. */
  marked: boolean;
  /** Why the reply holds several rewrites, when it does. */
  alternatives?: string;
}

function nonEmpty(lines: readonly string[]): number {
  return lines.filter((l) => l.trim()).length;
}

/** Finds the labelled or "or"-separated rewrites of a reply, if there are two or more long enough ones. */
function findAlternatives(lines: string[], source: string, sourceKey: string): string | undefined {
  const numberedPost = /^\s*\d+[.)]\s/m.test(source);
  const minChars = Math.max(12, source.length * 0.35);
  const blocks: { label: string; text: string }[] = [];
  let current: { label: string; text: string } | undefined;
  let sawOr = false;
  for (const line of lines) {
    const alt = line.match(ALT_LABEL);
    const isOr = OR_LINE.test(line);
    if (
      alt &&
      !(numberedPost && /^\s*\d/.test(alt[0])) &&
      !CHANGE_ITEM.test(line) &&
      !(/\p{L}/u.test(alt[0]) && inSource(sourceKey, alt[0]))
    ) {
      current = { label: alt[0].trim(), text: line.slice(alt[0].length) };
      blocks.push(current);
    } else if (isOr) {
      sawOr = true;
      current = { label: line.trim(), text: '' };
      blocks.push(current);
    } else if (current) current.text += `\n${line}`;
    else if (line.trim() && !isIntroLine(line) && !isChatterLine(line)) {
      current = { label: '', text: line };
      blocks.push(current);
    }
  }
  const long = blocks.filter(
    (b) => (b.label || sawOr) && b.text.trim().length >= minChars && !NOTE_START.test(b.text.trim()),
  );
  const labelled = long.filter((b) => b.label && !OR_LINE.test(b.label));
  if (labelled.length >= 2)
    return `${labelled.length} labelled rewrites (${labelled.map((b) => excerpt(b.label, 20)).join(', ')})`;
  if (sawOr) {
    const parts = blocks.filter((b) => b.text.trim().length >= minChars);
    if (parts.length >= 2) return `${parts.length} rewrites separated by "or"`;
  }
  const head = lines.slice(0, 3).join(' ');
  const plural = head.match(PLURAL_INTRO);
  if (plural && !inSource(sourceKey, plural[0]) && nonEmpty(lines) >= 3)
    return `the reply announces several rewrites (${excerpt(plural[0], 50)})`;
  return undefined;
}

/** Splits a reply into the preamble, the rewrite and the closing notes. */
function extract(source: string, reply: string): Extraction {
  const sourceKey = words(source).join(' ');
  const lines = reply.split('\n');
  const alternatives = findAlternatives(lines, source, sourceKey);
  if (alternatives) return { text: reply, lead: '', notes: '', marked: false, alternatives };

  // The rewrite starts after the first line that introduces it (a lecture may come before that line).
  let start = 0;
  let marked = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (
      isIntroLine(line) &&
      !NOTE_START.test(line) &&
      !/\b(?:changes|breakdown|explanation|explain|what i changed)\b/i.test(line) &&
      !inSource(sourceKey, line) &&
      nonEmpty(lines.slice(i + 1)) > 0
    ) {
      start = i + 1;
      marked = true;
      break;
    }
  }
  // "Original post: …" quoted back first: the rewrite starts at the next label.
  const original = lines.findIndex((l, i) => i >= start && ORIGINAL_LABEL.test(l));
  if (original >= 0) {
    const next = lines.findIndex((l, i) => i > original && LABEL.test(l));
    if (next > original) {
      start = next;
      marked = true;
    }
  }
  if (!marked) {
    while (
      start < lines.length &&
      (!lines[start]!.trim() || (isChatterLine(lines[start]!) && !inSource(sourceKey, lines[start]!)))
    )
      start++;
  }

  // The rewrite ends where a closing note or a list of changes begins; a note marker that also starts
  // a line of the post ("Note: no timewasters") belongs to the post.
  const postNoteHeads = new Set(
    source
      .split('\n')
      .filter((l) => NOTE_START.test(l))
      .map((l) => words(l)[0]),
  );
  const isNote = (line: string) =>
    NOTE_START.test(line) && !inSource(sourceKey, line) && !postNoteHeads.has(words(line)[0]);
  let end = lines.length;
  let seenContent = false;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim()) continue;
    const changeList = CHANGE_ITEM.test(line) && !inSource(sourceKey, line);
    const listHeader = /:\s*[*_]*\s*$/.test(line) && CHANGE_ITEM.test(lines.slice(i + 1).find((l) => l.trim()) ?? '');
    // "Original post: …" quoted back after the rewrite ends it too.
    const originalAfter = ORIGINAL_LABEL.test(line) && !inSource(sourceKey, line);
    if (seenContent && (isNote(line) || changeList || listHeader || originalAfter)) {
      end = i;
      break;
    }
    seenContent = true;
  }
  const lead = lines.slice(0, start).join('\n');
  const notes = lines.slice(end).join('\n');
  let text = lines.slice(start, end).join('\n').trim();

  for (let round = 0; round < 4; round++) {
    const before = text;
    const label = text.match(LABEL);
    if (label && !inSource(sourceKey, label[0]) && text.length > label[0].length) {
      text = text.slice(label[0].length).trim();
      marked = true;
    }
    const inline = text.match(INLINE_INTRO);
    if (inline && !inSource(sourceKey, inline[1]!)) {
      text = text.slice(inline[0].length).trim();
      marked = true;
    }
    text = text.replace(/^```[a-z]*\n([\s\S]*?)\n```$/, '$1').trim();
    text = text.replace(/\s*\((?:note|notes|n\.b\.?)\s*:[^)]*\)\s*$/i, '').trim();
    text = text.replace(/^\*\*([^*]+)\*\*$/, '$1').trim();
    // A markdown blockquote around the whole rewrite.
    if (/^>/.test(text) && !/^>/m.test(source) && text.split('\n').every((l) => !l.trim() || /^\s*>/.test(l)))
      text = text.replace(/^\s*> ?/gm, '').trim();
    text = unwrapQuotes(text, source);
    if (text === before) break;
  }
  // A label or intro with nothing after it is not a rewrite.
  if ((isIntroLine(text) || isChatterLine(text)) && !inSource(sourceKey, text)) text = '';
  return { text, lead, notes, marked };
}

/** The first refusal family the text matches and the post does not, or undefined. */
function refusalIn(text: string, source: string): string | undefined {
  for (const re of REFUSAL_STRONG) {
    const m = text.match(re);
    if (m && !re.test(source)) return excerpt(m[0], 70);
  }
  return undefined;
}

/** The lecture signals of the text that the post does not share (two or more make a lecture). */
function lectureSignals(text: string, source: string): string[] {
  const hits: string[] = [];
  for (const re of LECTURE_WEAK) {
    const m = text.match(re);
    if (m && !re.test(source)) hits.push(m[0]);
  }
  return hits;
}

/**
 * Judges one reply to the rephrase prompt for `source`.
 * @param source the post as given to the model
 * @param reply the model's raw reply text
 * @param finishReason why generation stopped; 'length' (or 'abort', 'error') means the reply may be cut off;
 *   null/undefined is unknown and not treated as a cut
 * @param options length-ratio range (characters) and the near-verbatim trigram-overlap limit
 * @returns the outcome, the cleaned rewrite when accepted, and one sentence saying why
 */
export function gateReply(
  source: string,
  reply: string,
  finishReason: FinishReason | undefined,
  options: GateOptions = DEFAULT_GATE_OPTIONS,
): GateVerdict {
  const src = source.replace(/\r\n?/g, '\n').normalize('NFC').trim();
  const raw = reply.replace(/\r\n?/g, '\n').normalize('NFC').trim();

  // 1. No words at all.
  if (!raw) return reject('empty', 'the reply is empty');
  if (!/[\p{L}\p{N}]/u.test(raw)) return reject('empty', `no letters or digits in ${excerpt(raw)}`);

  // 2. Bytes that no text should hold.
  const control = raw.match(CONTROL);
  if (control && !src.includes(control[0]))
    return reject(
      'garbled',
      `control character or replacement character ${codePoint(control[0])} in ${excerpt(raw, 40)}`,
    );

  // 3. Chat-template leaks. Trailing end-of-turn tokens are cut: the turn is complete before them.
  const body = raw.replace(TRAILING_END_TOKENS, '').trim();
  const token = body.match(new RegExp(SPECIAL_TOKEN.source, 'gi'))?.find((t) => !src.includes(t));
  if (token) return reject('special_tokens', `leaked chat-template token ${JSON.stringify(token)}`);
  const role = body.match(ROLE_MARKER);
  if (role && !ROLE_MARKER.test(src))
    return reject('special_tokens', `leaked role marker ${JSON.stringify(role[0].trim())}`);
  if (!/[\p{L}\p{N}]/u.test(body)) return reject('empty', 'nothing but end-of-turn tokens');

  // 4. Several rewrites, then the extraction of the one rewrite.
  const ex = extract(src, body);
  if (ex.alternatives) return reject('alternatives', ex.alternatives);

  // 5. Refusals and lectures: in the rewrite, in the whole reply when nothing marks a rewrite, and
  //    outright refusals of the task in the closing notes.
  const refused =
    refusalIn(ex.text, src) ?? (ex.marked ? undefined : refusalIn(ex.lead, src)) ?? refusalIn(ex.notes, src);
  if (refused) return reject('refusal', `refuses the task: ${refused}`);
  const lecture = lectureSignals(ex.marked ? ex.text : `${ex.lead}\n${ex.text}`, src);
  if (lecture.length >= 2)
    return reject(
      'refusal',
      `lectures instead of rewriting (${lecture
        .slice(0, 3)
        .map((s) => JSON.stringify(s))
        .join(', ')})`,
    );

  // 6. Nothing but chatter.
  const text = ex.text;
  if (!/[\p{L}\p{N}]/u.test(text)) return reject('empty', `only a preamble or notes, no rewrite: ${excerpt(body)}`);

  // 7. Word salad.
  const srcWords = words(src);
  const textWords = words(text);
  const srcScript = scriptProfile(src);
  const textScript = scriptProfile(text);
  if (textScript.letters >= 12 && textScript.share < 0.75 && srcScript.share >= 0.9) {
    return reject(
      'garbled',
      `letters of several scripts mixed (${Math.round(textScript.share * 100)}% ${textScript.top}) where the post is ${srcScript.top}`,
    );
  }
  const salad = saladSignals(text);
  const srcSalad = saladSignals(src);
  if (salad.tokens >= 5 && salad.oddTokenShare >= 0.25 && salad.oddTokenShare > srcSalad.oddTokenShare + 0.15) {
    return reject('garbled', `word salad: ${Math.round(salad.oddTokenShare * 100)}% of the tokens are not word-like`);
  }
  if (salad.meanSpacedTokenLength >= 14 && text.length >= 30) {
    return reject(
      'garbled',
      `word salad: tokens average ${salad.meanSpacedTokenLength.toFixed(0)} letters (no word breaks)`,
    );
  }
  if (salad.tokens >= 12 && salad.distinctShare < 0.3 && salad.distinctShare < srcSalad.distinctShare * 0.6) {
    return reject('garbled', `repeats itself: ${Math.round(salad.distinctShare * 100)}% of its words are distinct`);
  }
  if (salad.symbolShare >= 0.04 && salad.symbolShare > srcSalad.symbolShare * 2 + 0.02) {
    return reject('garbled', `markup-like symbols make up ${Math.round(salad.symbolShare * 100)}% of the characters`);
  }

  // 8. Another script or language.
  if (
    textScript.letters >= 8 &&
    srcScript.letters >= 8 &&
    textScript.top !== srcScript.top &&
    textScript.share >= 0.75
  ) {
    return reject('language_mismatch', `written in ${textScript.top} script where the post is in ${srcScript.top}`);
  }
  const srcLang = srcScript.top === 'latin' ? guessLanguage(srcWords) : undefined;
  const textLang = textScript.top === 'latin' ? guessLanguage(textWords) : undefined;
  if (srcLang?.lang && textLang?.lang && srcLang.lang !== textLang.lang) {
    return reject('language_mismatch', `language looks like '${textLang.lang}' where the post is '${srcLang.lang}'`);
  }
  // No clear winner (Spanish, Portuguese and French share function words) but clearly not the post's language.
  if (
    srcLang?.lang &&
    textLang &&
    !textLang.lang &&
    textWords.length >= 6 &&
    textLang.bestRate >= 0.15 &&
    textLang.rates[srcLang.lang]! < textLang.bestRate * 0.4
  ) {
    return reject('language_mismatch', `function words are not those of '${srcLang.lang}', the post's language`);
  }
  if (srcLang?.lang && textLang && textWords.length >= 8 && textLang.bestRate < srcLang.rate * 0.35) {
    return reject(
      'garbled',
      `word salad: at most ${Math.round(textLang.bestRate * 100)}% function words of any language, against ${Math.round(srcLang.rate * 100)}% in the post`,
    );
  }

  // 9. Instructions, continuation, answering the poster.
  const instructions = [...`${ex.lead}\n${text}`.matchAll(INSTRUCTION_SENTENCE)]
    .map((m) => m[0].trim())
    .filter((m) => !inSource(srcWords.join(' '), m));
  const contained = sourceContainment(src, text);
  if (instructions.length >= 2 || (instructions.length === 1 && contained >= 0.6)) {
    return reject('instruction_echo', `restates the instructions: ${excerpt(instructions[0]!, 70)}`);
  }
  const k = Math.min(6, srcWords.length);
  if (
    k >= 3 &&
    textWords.slice(0, k).join(' ') === srcWords.slice(0, k).join(' ') &&
    contained >= 0.7 &&
    textWords.length >= srcWords.length * 1.25 + 3
  ) {
    return reject(
      'instruction_echo',
      `repeats the post and continues it (${textWords.length - srcWords.length} more words)`,
    );
  }
  const describes = text.match(DESCRIBES_POST);
  if (describes && !DESCRIBES_POST.test(src))
    return reject('instruction_echo', `describes the post instead of rewriting it: ${excerpt(describes[0], 50)}`);
  const opener = text.slice(0, 200).match(ADDRESSING_OPENER);
  if (opener && !ADDRESSING_OPENER.test(src))
    return reject('instruction_echo', `answers the poster instead of rewriting: ${excerpt(opener[0], 50)}`);
  const pt = personRates(textWords);
  const ps = personRates(srcWords);
  if (textWords.length >= 8 && pt.second >= 0.05 && pt.second > ps.second * 2 + 0.02 && pt.first < ps.first * 0.5) {
    return reject(
      'instruction_echo',
      `talks to the poster ("you" ${Math.round(pt.second * 100)}% of words) instead of speaking as the poster`,
    );
  }

  // 10. Fluent but unrelated.
  const topic = compareTopics(src, text, srcWords, textWords);
  // A rewrite keeps the post's topic words (jobs, places, conditions, objects) or at least its kinds of
  // detail, and its voice. Sharing a word or two is chance in a long post (8% of its content words).
  // Only for scripts that separate words with spaces: CJK and Thai text has no words to compare here.
  const spaced = srcScript.top !== 'cjk' && srcScript.top !== 'thai' && srcScript.top !== 'other';
  if (spaced && topic.sourceStems >= 4 && topic.replyStems >= 5) {
    const chance = Math.max(1, Math.floor(topic.sourceStems * 0.08));
    const povLost = textWords.length >= 12 && ps.first >= 0.04 && pt.first < ps.first * 0.4;
    const kindShare = topic.sourceKinds ? topic.sharedKinds / topic.sourceKinds : 0;
    // A reply cut by the token limit may hold only the start of a rewrite (fewer content words than the
    // post), while text that ran on to the limit has more: with no shared word, a cut reply is off topic
    // only when it also drops the voice or the kinds of detail, or runs well past the post's length.
    const kindsMissed = topic.sourceKinds > 0 && kindShare === 0;
    let off = false;
    if (topic.shared === 0) {
      if (finishReason === 'length') off = povLost || kindsMissed || topic.replyStems >= topic.sourceStems * 1.5;
      else
        off = topic.replyStems >= 8 ? !(topic.sourceStems < 8 && !povLost && kindShare >= 0.5) : povLost || kindsMissed;
    } else if (topic.shared <= chance) {
      off =
        povLost ||
        (topic.coverage < 0.08 && topic.replyStems >= 15) ||
        (topic.sharedKinds === 0 && (topic.sourceKinds >= 2 || topic.coverage < 0.1));
    }
    if (off) {
      return reject(
        'off_topic',
        `shares ${topic.shared} of the post's ${topic.sourceStems} content words and ${topic.sharedKinds} of its ${topic.sourceKinds} kinds of detail${povLost ? ', and drops its first-person voice' : ''}`,
      );
    }
  }

  // 11. Cut off inside the rewrite (a cut inside the closing notes leaves the rewrite whole).
  if ((finishReason === 'length' || finishReason === 'abort' || finishReason === 'error') && !ex.notes.trim()) {
    return reject(
      'truncated',
      finishReason === 'length'
        ? 'cut off by the token limit (finish reason "length")'
        : `generation ended with finish reason "${finishReason}"`,
    );
  }

  // 12. A copy.
  if (srcWords.length > 0 && srcWords.join(' ') === textWords.join(' '))
    return reject('verbatim', 'the same words as the post');
  const overlap = trigramOverlap(src, text);
  if (overlap >= options.maxOverlap)
    return reject(
      'verbatim',
      `near-verbatim copy: ${Math.round(overlap * 100)}% of its word trigrams are the post's (limit ${Math.round(options.maxOverlap * 100)}%)`,
    );

  // 13. Length.
  const ratio = text.length / Math.max(1, src.length);
  if (ratio < options.minLengthRatio || ratio > options.maxLengthRatio) {
    return reject(
      'length',
      `length ratio ${ratio.toFixed(2)} outside [${options.minLengthRatio}, ${options.maxLengthRatio}]`,
    );
  }
  return {
    outcome: 'accepted',
    text,
    detail: `accepted: ${text.length} characters, ${Math.round(overlap * 100)}% trigram overlap, ${topic.shared} shared content words`,
  };
}
