/**
 * The reply gate's patterns: chat-template tokens and role markers, the chatter models put around a
 * rewrite (preambles, labels, closing notes, lists of changes), alternatives, refusals and lectures,
 * echoed instructions and replies addressed to the poster. Written from public descriptions of how
 * Llama 2 chat, Llama 3 instruct and Zephyr answer rewrite requests; each names a kind, not a phrasing.
 */

/** End-of-turn / end-of-text tokens: where the backend should have stopped. */
export const END_TOKEN =
  /(?:<\/s>|<\|eot_id\|>|<\|end_of_text\|>|<\|endoftext\|>|<\|im_end\|>|<\|end\|>|<end_of_turn>|<eos>|<\|eom_id\|>)/;
/** One or more end tokens (with whitespace) at the very end of a reply. */
export const TRAILING_END_TOKENS = new RegExp(`(?:\\s*${END_TOKEN.source})+\\s*$`);

/** Chat-template tokens of the common families, written out as text. */
export const SPECIAL_TOKEN =
  /<\|[a-z_]{2,30}\|>|<\/?s>|\[\/?INST\]|<<\/?SYS>>|<(?:start_of_turn|end_of_turn|eos|bos|unk|pad)>/i;
/**
 * Plain-text role markers at the start of a line ("### User:", "Human:"), and a role name alone on a line: what
 * is left of a Llama 3 header when the backend drops special tokens from the text ("…<|eot_id|>assistant\n\n…").
 */
export const ROLE_MARKER =
  /^[ \t]*(?:(?:#{1,4}[ \t]*(?:human|user|assistant|system|instruction|response|input)|human|user|assistant|system)[ \t]*:|(?:user|assistant|system)[ \t]*$)/im;

/** Words that name the task's output: a line with one of them can introduce the rewrite. */
const META = String.raw`(?:re-?writ\w*|re-?phras\w*|paraphras\w*|re-?word\w*|version|revis\w*|post|tweet|text|take|attempt|edit(?:ed)?|anonymi[sz]ed|(?:new|own|different|fresh) words|update[sd]?\s+(?:post|version|text))`;
const META_RE = new RegExp(`\\b${META}\\b`, 'i');

/** A markdown heading or bold line that only names the rewrite ("**Rewritten Post**", "### Rephrased version"). */
const HEADING_LINE =
  /^[ \t]*(?:#{1,4}[ \t]*|\*\*|__)[ \t]*(?:(?:the |my |a |your )?(?:re-?written|re-?phrased|paraphrased|revised|re-?worded|new|edited|anonymi[sz]ed|updated|final|modified)[ \t]+(?:social[- ]media[ \t]+)?(?:post|version|text|tweet|message)|re-?write|re-?phrase|paraphrase)[ \t]*(?:\*\*|__)?[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*$/i;

/**
 * A line that introduces the rewrite and ends in a colon: "Sure! Here's a rewritten version of the post:",
 * "Here is the post in new words:", "With that in mind, here's my attempt:", "**Rewritten post:**".
 * Also a markdown heading or bold line that only names the rewrite.
 */
export function isIntroLine(line: string): boolean {
  if (HEADING_LINE.test(line)) return true;
  const t = line.trim().replace(/[*_]+/g, '').trim();
  // One colon, at the end: "Here's my rewrite: Things I learned:" is an inline intro before the post's own line.
  if (t.length === 0 || t.length > 300 || !/:\s*$/.test(t) || /:\s*\S/.test(t)) return false;
  if (
    /\b(?:here(?:'|’)?s|here (?:is|are|it is|you go)|below is|following is|this is|i(?:'|’)ve|i have|i(?:'|’)d|i would|i can|i could|i will|i(?:'|’)ll|let me|okay|sure|certainly|of course)\b/i.test(
      t,
    ) &&
    (META_RE.test(t) || /\bhere (?:it is|you go)\b/i.test(t))
  )
    return true;
  return LABEL_LINE.test(t);
}

/** A bare label before the rewrite, alone on its line or before it on the same line. */
export const LABEL =
  /^[ \t]*[*_#>]*[ \t]*(?:(?:the |my |a |your )?(?:re-?written|re-?phrased|paraphrased|revised|re-?worded|new|edited|anonymi[sz]ed|updated|final|modified|synthetic)[ \t]+(?:social[- ]media[ \t]+)?(?:post|version|text|tweet|paraphrase|rewrite|message)|re-?write|re-?phrase|re-?phrasing|paraphrase|re-?written|re-?phrased|output|answer|result|post|version)[ \t]*[*_]*[ \t]*:[ \t]*[*_]*[ \t]*/i;
const LABEL_LINE = new RegExp(`${LABEL.source}$`, 'i');

/**
 * A chatter line before the rewrite that says nothing else: "Sure, I'd be happy to help!", "Okay.",
 * "Here you go!", or an intro that ends in a full stop instead of a colon ("Here's a rewritten version.").
 */
export function isChatterLine(line: string): boolean {
  const t = line.trim().replace(/[*_]+/g, '').trim();
  if (!t || t.length > 200) return false;
  if (
    /^(?:sure(?: thing)?|certainly|of course|absolutely|okay|ok|alright|great(?: question)?|no problem|got it|here you go|here it is|happy to help|glad to help)[!,.]?(?:\s*(?:i(?:'|’)d|i would|i(?:'|’)m|i am|i(?:'|’)ll|i will)(?: be)? (?:happy|glad|more than happy|delighted) to(?: help)?(?: with that| you)?[!.]?)?(?:\s*here (?:you go|it is)[!.]?)?$/i.test(
      t,
    )
  )
    return true;
  return (
    /^(?:(?:sure|certainly|of course|absolutely|okay|ok)[!,.]?\s*)?(?:here(?:'|’)?s|here (?:is|are)|below is|this is)\b/i.test(
      t,
    ) &&
    META_RE.test(t) &&
    /[.!]$/.test(t) &&
    !/:\s*\S/.test(t) &&
    t.length < 120
  );
}

/**
 * The inline form: the intro and the rewrite on one line ("Sure! Here's my version: I finally…").
 * Group 1 is the intro; it must name the task's output.
 */
export const INLINE_INTRO = new RegExp(
  String.raw`^[ \t]*((?:(?:sure|certainly|of course|absolutely|okay|ok)[!,.]?[ \t]*(?:i(?:'|’)d be (?:happy|glad) to(?: help)?[!.]?[ \t]*)?)?(?:here(?:'|’)?s|here (?:is|are)|below is|this is)\b[^\n:]{0,120}?\b${META}\b[^\n:]{0,60}?:)[ \t]*(?=\S)`,
  'i',
);

/** The start of a closing note after the rewrite (assistant voice, about the rewrite or the exchange). */
const META_OBJECT = String.raw`(?:names?|details?|locations?|places?|cit(?:y|ies)|towns?|ages?|numbers?|post|original|wording|tone|text|information|dates?|specifics|values|identif\w*|personal|meaning|point of view|perspective|jobs?|occupations?|employers?|structure|language|phrasing|sentences?)`;

/** The start of a closing note after the rewrite (assistant voice, about the rewrite or the exchange). */
export const NOTE_START = new RegExp(
  [
    String.raw`^[ \t]*[*_(\[]*[ \t]*(?:notes?|n\.b\.?|changes(?: made)?|key changes|explanation|what i changed|modifications|edits|summary of changes|disclaimer)[ \t]*[*_)\]]*[ \t]*[:\-–—]`,
    String.raw`^[ \t]*[(*_]*[ \t]*(?:i(?:'|’)ve|i have|i)[ \t]+(?:\w+[ \t]+)?(?:changed|replaced|kept|altered|swapped|removed|modified|adjusted|updated|rewrote|rephrased|maintained|preserved|avoided|omitted|anonymi[sz]ed|invented|made up|tried to (?:keep|maintain|preserve|capture))\b[^\n]{0,60}?\b${META_OBJECT}\b`,
    String.raw`^[ \t]*[(*_]*[ \t]*(?:in (?:this|the|my) (?:\w+[ \t]+)?(?:version|rewrite|rephrasing|post|text)|note that (?:i|i(?:'|’)ve|i have|the|this|all|these|every|names?|details?)\b|this (?:version|rewrite|rephrasing|rewritten (?:post|version|text)) (?:keeps|maintains|preserves|changes|uses|captures|retains)|the (?:rewritten|rephrased|revised|new) (?:post|version|text) (?:keeps|maintains|preserves|changes|uses|captures|retains)|here are (?:the |some )?(?:changes|key changes|modifications|edits)|changes i made|the changes i made)\b`,
    String.raw`^[ \t]*[(*_]*[ \t]*(?:i hope (?:this|that|it|the)(?:[ \t]+\w+){0,2}[ \t]+(?:helps|works|is (?:what|helpful|okay|ok|useful|close|suitable)|meets|captures|fits|suits|does)|hope (?:this|that) helps|let me know if (?:you(?:'|’)d like|you want|you need|this|there(?:'|’)s anything|i should|any|you have any (?:other|further|more) (?:questions|requests))|feel free to (?:adjust|modify|change|tweak|edit|let me know|ask|use)|please (?:note|let me know|keep in mind|be aware)|is there anything else|would you like me to|if you(?:'|’)d like (?:me|a|any)|however,? i (?:must|would like to|want to) (?:point out|note|remind|mention))`,
    String.raw`^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$`,
    // A parenthesised remark about the rewrite: "(Rewritten with all identifying details changed.)"
    String.raw`^[ \t]*\([^)\n]*\b(?:re-?written|re-?phrased|paraphrased|changed|replaced|invented|fictional|made[- ]up|anonymi[sz]ed)\b[^)\n]*\)[.!]?[ \t]*$`,
  ].join('|'),
  'i',
);

/** A list item that describes a change ("- Changed 'Tom' to 'Sam'", "* Leeds → Bristol"). */
export const CHANGE_ITEM = new RegExp(
  [
    String.raw`^[ \t]*(?:[-*•+]|\d+[.)])[ \t]+[*_]*(?:changed|replaced|swapped|renamed|removed|added|kept|altered|updated|modified|adjusted|switched|used|rephrased|reworded|preserved|maintained|anonymi[sz]ed|invented)\b[^\n]{0,60}?\b${META_OBJECT}\b`,
    String.raw`^[ \t]*(?:[-*•+]|\d+[.)])[ \t]+[^\n]*(?:→|->|=>)`,
    String.raw`^[ \t]*(?:[-*•+]|\d+[.)])[ \t]+[^\n]*["“'‘][^"”'’\n]{1,40}["”'’]\s*(?:to|with|for|became|instead of)\s*["“'‘]`,
  ].join('|'),
  'i',
);

/** The label of the post quoted back before the rewrite ("Original post:"). */
export const ORIGINAL_LABEL =
  /^[ \t]*[*_#>]*[ \t]*(?:the )?original(?: social[- ]media)?(?: post| text| version| message)?[ \t]*[*_]*[ \t]*:/i;

/** The heading of a labelled alternative ("Option 1:", "**Version 2**", "Rewrite #3 -", "1.") with its number. */
export const ALT_LABEL =
  /^[ \t]*[*_#>]*[ \t]*(?:(?:option|version|variant|alternative|rewrite|rephrase|rephrasing|paraphrase|take|example|choice|draft)[ \t]*#?[ \t]*(?:\d+|[a-c]|one|two|three|four|five)\b|\d+[.)](?=[ \t]))[ \t]*[*_]*[ \t]*[:.)\-–—]?[ \t]*[*_]*[ \t]*/i;
/** An "or" between two rewrites: "Or:", "Alternatively:", "Another option:". */
export const OR_LINE =
  /^[ \t]*[*_]*[ \t]*(?:(?:or|alternatively|another (?:option|version|way|alternative)|or (?:maybe|perhaps|even))[ \t]*[*_]*[ \t]*[:,.]?|(?:or|alternatively),?[ \t][^\n]{0,80}:|here(?:'|’)?s (?:another|a second|an alternative|one more)\b[^\n]{0,60}:|here is (?:another|a second|an alternative|one more)\b[^\n]{0,60}:)[ \t]*[*_]*[ \t]*$/i;
/** A preamble announcing several rewrites. */
export const PLURAL_INTRO =
  /\b(?:here (?:are|is a list of)|below are|i(?:'|’)ve (?:written|come up with|got)|i have (?:written|come up with))\b[^\n]{0,40}?\b(?:a (?:few|couple|number)|some|several|two|three|four|five|\d+|multiple|different)\b[^\n]{0,30}?\b(?:options|versions|variations|alternatives|rewrites|rephrasings|paraphrases|ways|takes|drafts|possibilities|examples|choices)\b/i;

/**
 * Refusals of the task, one pattern per family of phrasing. A family that the post itself matches is not
 * counted: a post that says "I can't help with the move" may be rewritten with the same words.
 */
export const REFUSAL_STRONG: readonly RegExp[] = [
  // "I cannot provide a rewritten version of this post…", "I'm not comfortable rewriting this post with invented names"
  /\bI(?:(?:'|’)m| am)? ?(?:cannot|can(?:'|’)t|can not|unable to|not able to|won(?:'|’)t|will not|must (?:respectfully )?(?:decline|refuse) to|do not feel comfortable|don(?:'|’)t feel comfortable|not comfortable)\s+(?:\w+\s+){0,3}?(?:fulfil\w*|comply\w*|complet\w*|assist\w*|help\w*|provid\w*|creat\w*|generat\w*|writ\w*|rewrit\w*|re-?phras\w*|paraphras\w*|reword\w*|produc\w*|chang\w*|alter\w*|modif\w*|invent\w*|fabricat\w*|continu\w*|do)\b[^.!?\n]{0,80}?\b(?:(?:your|this|that|the|such a) (?:request|task|post|text|prompt|rewrite|version)|content|personal (?:information|details|data)|private (?:information|details)|identif\w*|individuals?|privacy|real (?:person|people)|someone(?:'|’)s|fabricated|invented|misleading)\b/i,
  // "I can't help with that." — the whole sentence.
  /\bI (?:cannot|can(?:'|’)t|am unable to|won(?:'|’)t) (?:(?:help|assist)(?: you)? with (?:that|this)(?: request)?|do that)\s*(?:[.!]|$)/i,
  /\bas an? (?:AI|artificial intelligence|(?:large )?language model|responsible (?:AI|assistant|language model)|(?:helpful|ethical) (?:AI|assistant))\b/i,
  /\bI(?:(?:'|’)m| am) (?:just |only )?an? (?:AI|language model|artificial intelligence|chatbot|virtual assistant)\b/i,
  /\b(?:against|violat\w*|goes against|contrary to|breach\w*)\s+(?:my|our|the|openai(?:'|’)s|meta(?:'|’)s)?\s*(?:\w+\s+){0,2}(?:guidelines|policies|policy|programming|principles|ethic\w*|terms of (?:use|service))\b/i,
  /\bI (?:must|have to|need to) (?:decline|refuse|respectfully decline)\b/i,
  /\b(?:cannot|can(?:'|’)t|won(?:'|’)t|will not|unable to) (?:fulfil+|comply with) (?:your|this|that|the) request\b/i,
];

/** Lecture signals: any two (not also in the post) make a reply a lecture rather than a rewrite. */
export const LECTURE_WEAK: readonly RegExp[] = [
  /\bI (?:apologi[sz]e|(?:'|’)m sorry|am sorry),? but\b/i,
  /\bI (?:must|would like to|want to|feel (?:obligated|compelled) to) (?:point out|remind|inform|clarify|note|emphasi[sz]e|mention)\b/i,
  /\bit(?:'|’)s (?:important|crucial|essential|vital) to|\bit is (?:important|crucial|essential|vital) to\b/i,
  /\bplease (?:note|remember|keep in mind|be aware|be mindful|consider|understand|refrain)\b/i,
  /\bI (?:would |strongly )?(?:encourage|urge|recommend|advise|suggest) (?:you|that you|seeking|reaching|speaking|talking)\b/i,
  /\b(?:mental health|medical|healthcare|legal|qualified|trained) (?:professional|expert|provider)s?\b/i,
  /\b(?:personal|private|sensitive|identifying|identifiable) (?:information|details|data)\b/i,
  /\b(?:harmful|unethical|inappropriate|offensive|discriminatory|disrespectful|illegal)\b/i,
  /\b(?:privacy|consent|safety|well-?being|dignity)\b/i,
  /\binstead,? (?:I (?:can|could|would)|you (?:could|can|may|might)|here (?:is|are)|let(?:'|’)s|consider|I suggest)\b/i,
  /\b(?:respectful|responsible|ethical|safe) (?:and|manner|way|conversation|language|content)\b/i,
];

/** Sentences that restate a rewrite instruction: "Keep its meaning and tone.", "Do not add new details." */
export const INSTRUCTION_SENTENCE =
  /(?:^|[.!?:]\s+|\n[ \t]*(?:[-*•]|\d+[.)])?[ \t]*)(?:please[ \t]+)?(?:re-?write|re-?phrase|paraphrase|reword|keep|do not|don(?:'|’)t|never|answer|reply|respond|change|replace|use|avoid|make sure|remember to|preserve|maintain|output|return|write)\b[^.!?\n]{0,160}?\b(?:the (?:following |original |given )?(?:social[- ]media )?(?:post|text|message|tweet)|its (?:meaning|tone|point of view)|the (?:meaning|tone|point of view)|(?:kinds|types) of (?:personal )?details|every specific value|(?:invented|new|different),? (?:ones|values|names)|your own(?:,? new)? words|quotation marks|no (?:introduction|notes|explanations?)|the rewritten (?:post|text)(?: only)?)/gi;

/** Openers of a reply addressed to the poster instead of a rewrite of the post. */
export const ADDRESSING_OPENER =
  /^[ \t"“]*(?:oh,? |wow,? |aw+,? |hey,? )?(?:that(?:'|’)s a (?:\w+ )?(?:tough|hard|difficult|big|brave|great|huge) (?:spot|situation|decision|call|step|one|thing)|if i were you|i(?:'|’)m (?:so |really |very |truly )?(?:sorry (?:to hear|for your|that you|you(?:'|’)re)|glad (?:to hear|you)|happy for you|proud of you)|congratulations|congrats|it sounds like|that sounds|sounds like (?:you|a|an|it)|what a (?:\w+ )?(?:day|week|situation|story|experience|journey|news|achievement)|thank you for sharing|thanks for sharing|you(?:'|’)re not alone|you are not alone|don(?:'|’)t worry|you should|you could|have you (?:tried|considered|thought)|my advice|i(?:'|’)d (?:suggest|recommend)|here are (?:some|a few) (?:tips|suggestions|ideas|things|ways)|it(?:'|’)s (?:completely |totally )?(?:normal|okay|understandable|natural) to (?:feel|be)|that(?:'|’)s (?:so |really )?(?:great|awesome|amazing|wonderful|terrible|awful|tough|hard|frustrating) (?:news|to hear)|good luck)/i;

/** A reply that describes or summarises the post instead of speaking as the poster. */
export const DESCRIBES_POST =
  /^[ \t"“]*(?:(?:the|this) (?:author|poster|original poster|op)\b|(?:the|this) (?:writer|user|person) (?:who (?:wrote|posted|shared|is posting)|of (?:this|the) post|shares|describes|talks about|expresses|mentions|writes|explains|is (?:describing|sharing|talking|expressing))|(?:in )?(?:this|the) (?:post|tweet|message)(?:,| (?:is about|describes|talks about|shares|expresses|discusses|mentions|tells))|the (?:post|tweet|message) (?:is about|describes|talks about|shares|expresses|discusses|mentions))/i;
