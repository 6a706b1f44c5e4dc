import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FinishReason } from '../../src-main/contract/schemas.js';
import { DEFAULT_GATE_OPTIONS, gateReply, trigramOverlap } from '../../src-main/generate/reply-gate.js';
import { figures, markdownTable, readCorpus, scoreRows } from '../gate/corpus-eval.js';
import { FIXTURES } from '../helpers/tmp.js';

// Posts and rewrites written for these tests only (the corpus has its own).
const POST =
  "Just got back from my first shift as a paramedic in Norwich. I'm 26, I delivered a baby in the back of the ambulance and I'm still shaking.";
const RW =
  "Home after my very first shift as an ambulance technician in Ipswich. I'm 31, I helped deliver a baby on the way to the hospital and I can't stop trembling.";
const POST2 =
  'My sister Jo (19) just got her nursing degree offer from Cardiff and my mum cried in the middle of Tesco. Proudest day.';
const RW2 =
  'My brother Sam (18) has just been offered a place to study nursing at Leeds and my dad burst into tears in the middle of Asda. Proudest day ever.';

function gate(reply: string, finish: FinishReason = 'stop', source = POST) {
  return gateReply(source, reply, finish);
}

describe('gateReply: accepted rewrites and extraction', () => {
  it('accepts a plain rewrite as it is', () => {
    expect(gate(RW)).toMatchObject({ outcome: 'accepted', text: RW });
    expect(gate(RW2, 'stop', POST2)).toMatchObject({ outcome: 'accepted', text: RW2 });
  });

  it.each([
    [`Sure! Here is the post in different words:\n\n${RW}`],
    [`Certainly. Here's my rewrite of the post:\n${RW}\n\nI hope this works for you!`],
    [`Here is a rephrased version of the social media post, with all personal details changed:\n\n"${RW}"`],
    [`**Rewritten Post:**\n\n${RW}\n\nLet me know if you'd like any adjustments.`],
    [`Rephrased post: ${RW}`],
    [`${RW}\n\nNote: I changed the city, the age and the job title.`],
    [`${RW}\n\nChanges:\n* "Norwich" → "Ipswich"\n* Changed the age from 26 to 31`],
    [
      `I apologize, but I cannot include the original personal details, since they could identify someone. That said, here's a version with invented details:\n\n${RW}`,
    ],
    [`Sure, here is a rewritten version of the post:\n\nOriginal post: ${POST}\n\nRewritten post: ${RW}`],
    [`Rewritten post: ${RW}\n\nOriginal post: ${POST}`],
    [`${RW}<|eot_id|>`],
    [`${RW} </s>`],
  ])('extracts the rewrite from %j', (reply) => {
    expect(gate(reply)).toMatchObject({ outcome: 'accepted', text: RW });
  });

  it('keeps quotes that belong to the post and strips the ones that wrap the reply', () => {
    const post = 'My landlord texted "no pets" after I sent him a photo of my goldfish. It lives in a bowl. In Hull.';
    const rw =
      'My letting agent replied "absolutely no animals" after I showed her a picture of my hamster. It lives in a cage. In Derby.';
    expect(gateReply(post, `"${rw}"`, 'stop')).toMatchObject({ outcome: 'accepted', text: rw });
    expect(gateReply(post, rw, 'stop')).toMatchObject({ outcome: 'accepted', text: rw });
    const quoted = '"Best weekend ever," said nobody about moving house in Slough.';
    const quotedRw = '"Most relaxing Saturday," claimed no one about moving flat in Reading.';
    expect(gateReply(quoted, quotedRw, 'stop')).toMatchObject({ outcome: 'accepted', text: quotedRw });
  });

  it('accepts rewrites that open like a description of a post when they are not', () => {
    const post =
      'The person behind me at the Tesco in Hove paid for my shopping when my card was declined. I am 68 and I cried in the car park.';
    const rw =
      'The woman behind me at the Sainsburys in Worthing covered my groceries when my card bounced. I am 72 and I wept in the car.';
    expect(gateReply(post, rw, 'stop')).toMatchObject({ outcome: 'accepted', text: rw });
    const post2 =
      'The person who designed the car park at Leeds General should be made to find a space at 8am with a broken ankle. I am 41 and furious.';
    const rw2 =
      'The person who designed the parking at Bristol Royal should try finding a spot at 7am on crutches. I am 38 and fuming.';
    expect(gateReply(post2, rw2, 'stop')).toMatchObject({ outcome: 'accepted', text: rw2 });
  });

  it('accepts rewrites that open like a refusal because the post does', () => {
    const post =
      "I can't stop thinking about the interview at Deloitte tomorrow. I'm 23 and it's my first real job interview.";
    const rw =
      'I cannot stop obsessing over my interview at KPMG on Friday. I am 25 and it is my very first proper job interview.';
    expect(gateReply(post, rw, 'stop')).toMatchObject({ outcome: 'accepted', text: rw });
  });

  it('accepts multi-paragraph rewrites, emoji, hashtags and other languages rewritten in their own language', () => {
    const post =
      'Week one at the bakery in Bath done. 4am starts are brutal.\n\nBut the first croissant I made that someone paid for? Worth every yawn. 🥐 #newjob';
    const rw =
      'First week at the patisserie in Frome finished. 5am alarms are savage.\n\nBut the first pastry I baked that a real customer bought? Worth every lost hour of sleep. 🥐 #newjob';
    expect(gateReply(post, `Here is the rewritten post:\n\n${rw}`, 'stop')).toMatchObject({
      outcome: 'accepted',
      text: rw,
    });
    const es =
      'Tengo 31 años y hoy empecé a trabajar como cocinero en un restaurante de Málaga. Estoy agotado pero muy feliz.';
    const esRw = 'Tengo 27 años y hoy he empezado como camarero en un bar de Cádiz. Estoy reventado pero contentísimo.';
    expect(gateReply(es, `Here is a rewritten version of the post:\n\n${esRw}`, 'stop')).toMatchObject({
      outcome: 'accepted',
      text: esRw,
    });
  });

  it('accepts a rewrite whose closing note was cut by the token limit, not one cut inside the rewrite', () => {
    expect(gate(`${RW}\n\nNote: I replaced the names and the`, 'length')).toMatchObject({
      outcome: 'accepted',
      text: RW,
    });
    expect(gate(RW.slice(0, 90), 'length').outcome).toBe('truncated');
  });
});

describe('gateReply: rejections by kind', () => {
  it.each([
    ["I'm sorry, but I can't assist with rewriting posts that contain someone's personal health information."],
    [
      'As an AI developed to be helpful and harmless, I do not alter personal stories. Is there anything else you need?',
    ],
    [
      'That sounds like an intense shift! Unfortunately, I cannot create a version of this post with made-up personal details, as that could be misleading.',
    ],
    [
      "Here's the rewritten post:\n\nI'm sorry, but I won't rewrite this text because it contains personal information about an individual.",
    ],
    [
      "I understand your request. However, I must point out that sharing details such as someone's age and workplace online can compromise their privacy. Please consider removing them before posting.",
    ],
  ])('refusal: %j', (reply) => {
    expect(gate(reply).outcome).toBe('refusal');
  });

  it.each([
    [
      `Task: rewrite the following social-media post in your own words.\nKeep its meaning, its tone and its point of view.\n\n${POST}`,
    ],
    [
      `${POST} Anyway, that's my week. The rest of the night I spent on the sofa watching rubbish telly, which honestly felt like exactly what I needed after all of it.`,
    ],
    [
      "Wow, congratulations on getting through your first shift! Delivering a baby is an incredible thing to do. Make sure you get some rest, you've earned it.",
    ],
    [
      'The author of this post describes their first shift as a paramedic and how shaken they still feel after delivering a baby.',
    ],
    [
      'The person who wrote this post is a paramedic who delivered a baby in an ambulance on their first shift and is still shaking.',
    ],
    [
      "It's completely normal to feel shaky after such an intense experience. You handled it, and you should be proud of yourself. Try to talk it through with your team.",
    ],
  ])('instruction_echo: %j', (reply) => {
    expect(gate(reply).outcome).toBe('instruction_echo');
  });

  it.each([
    [
      `Option A: ${RW}\n\nOption B: Back from shift number one as a first responder in Luton. I'm 29, a baby arrived in the ambulance and my hands are still unsteady.`,
    ],
    [
      `Here are some variations:\n\n- ${RW}\n- Back from shift number one as a first responder in Luton. I'm 29, a baby arrived in the ambulance and my hands are still unsteady.`,
    ],
    [
      `Here is a rewritten version of the post:\n\n${RW}\n\nOr, if you'd like a slightly lighter tone:\n\nBack from shift number one as a first responder in Luton. I'm 29, a baby arrived in the ambulance and my hands are still unsteady.`,
    ],
    [
      `${RW}\n\nHere's another version:\n\nBack from shift number one as a first responder in Luton. I'm 29, a baby arrived in the ambulance and my hands are still unsteady.`,
    ],
  ])('alternatives: %j', (reply) => {
    expect(gate(reply).outcome).toBe('alternatives');
  });

  it.each([
    [`${RW}<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nShorter please`],
    [`<|im_start|>assistant\n${RW}`],
    [`${RW}\n<|user|>\nthanks`],
    [`${RW}\n\nUser: Can you make it funnier?`],
    [`${RW} [INST]`],
  ])('special_tokens: %j', (reply) => {
    expect(gate(reply)).toMatchObject({ outcome: 'special_tokens', text: null });
  });

  it('truncated: the token limit cut the rewrite', () => {
    expect(gate(`Sure! Here's the rewrite:\n\n${RW.slice(0, 70)}`, 'length')).toMatchObject({ outcome: 'truncated' });
    expect(gate(RW, 'abort').outcome).toBe('truncated');
    expect(gate(RW, null).outcome).toBe('accepted');
  });

  it.each([
    [
      "Je rentre de mon tout premier service d'ambulancier à Ipswich. J'ai 31 ans, j'ai aidé à mettre au monde un bébé sur la route de l'hôpital et je tremble encore.",
    ],
    [
      'Acabo de volver de mi primer turno como técnico de ambulancia en Ipswich. Tengo 31 años, ayudé a nacer a un bebé de camino al hospital y todavía estoy temblando.',
    ],
    [
      'Только что вернулся с первой смены фельдшером в Ипсвиче. Мне 31, я принял роды прямо в машине скорой помощи и до сих пор дрожу.',
    ],
  ])('language_mismatch: %j', (reply) => {
    expect(gate(reply).outcome).toBe('language_mismatch');
  });

  it.each([
    ['shift\u0000 baby\u0002 ambulance'],
    ['I am st\uFFFDll shak\uFFFDng after my f\uFFFDrst sh\uFFFDft'],
    ['zxqwv blorpt ambuFLANCE kkrtsz wemBLOrp 9xq7 hhhhhh qqqq ppptttkk'],
    [
      'ambulance ambulance ambulance ambulance ambulance ambulance ambulance ambulance ambulance ambulance ambulance ambulance',
    ],
    ['Норвичparamedic 救护车 schüttelnξ ambulancia 赤ちゃん δεν shift ngày xe cứu thương'],
  ])('garbled: %j', (reply) => {
    expect(gate(reply).outcome).toBe('garbled');
  });

  it.each([
    [
      'Once upon a time, a small mouse named Bella lived in a teapot. Every night she danced on the kitchen table while the family slept, and in the morning she hid in her teapot again.',
    ],
    [
      'Preheat the oven to 180 degrees. Mix the flour, sugar and butter in a large bowl, add two eggs and stir until smooth. Bake for twenty-five minutes until golden.',
    ],
    [
      'The Eiffel Tower was completed in 1889 for the World Fair in Paris and was at first criticised by many artists. Today it is one of the most visited monuments on Earth.',
    ],
  ])('off_topic: %j', (reply) => {
    expect(gate(reply).outcome).toBe('off_topic');
  });

  it.each([
    [''],
    ['   '],
    ['🙂🙂🙂'],
    ["Sure! Here's a rephrased version:"],
    ['Rewritten post:'],
    ['<|eot_id|>'],
    ['"  "'],
  ])('empty: %j', (reply) => {
    expect(gate(reply).outcome).toBe('empty');
  });

  it('verbatim: the same words, or nearly', () => {
    expect(gate(POST).outcome).toBe('verbatim');
    expect(gate(`Here's the rewritten post:\n\n${POST.toUpperCase()}`).outcome).toBe('verbatim');
    expect(gate(POST.replace('26', '27'))).toMatchObject({
      outcome: 'verbatim',
      detail: expect.stringMatching(/near-verbatim copy: \d+% of its word trigrams/),
    });
  });

  it('length: far shorter or longer than the post', () => {
    expect(gate('Paramedic shift done, baby delivered.').detail).toMatch(
      /^length: length ratio 0\.\d\d outside \[0\.3, 3\]$/,
    );
    const long = `${RW} The crew were brilliant and talked me through every step, the mum was incredibly calm, and the little one arrived screaming, which apparently is exactly what you want. I spent the drive back replaying every second of it. My partner made me tea and toast when I walked in and I have been sat on the sofa in my uniform ever since, staring at the wall. Is this what every shift is going to feel like, or does the adrenaline wear off after a while? Asking for me.`;
    expect(gate(long).outcome).toBe('length');
    expect(gate(`${RW} ${RW} ${RW} ${RW}`).outcome).toBe('garbled');
    expect(gateReply(POST, RW, 'stop', { ...DEFAULT_GATE_OPTIONS, maxLengthRatio: 1 }).outcome).toBe('length');
  });

  it('names the reason in one sentence starting with the outcome', () => {
    for (const reply of ['', '<|eot_id|> and more <|eot_id|>', "I can't help with that."]) {
      const v = gate(reply);
      expect(v.detail.startsWith(`${v.outcome}:`)).toBe(true);
      expect(v.text).toBeNull();
    }
  });
});

describe('trigramOverlap', () => {
  it('is the share of the variant trigrams found in the source', () => {
    expect(trigramOverlap('a b c d e', 'a b c d x')).toBeCloseTo(2 / 3);
    expect(trigramOverlap('a b', 'a b')).toBe(0);
  });
});

describe('the labelled corpus', () => {
  const rows = readCorpus(path.join(FIXTURES, 'gate', 'replies.jsonl'));

  it('has at least 400 replies covering every outcome and family, with the text for every accept', () => {
    expect(rows.length).toBeGreaterThanOrEqual(400);
    expect(new Set(rows.map((r) => r.expected)).size).toBe(12);
    expect(new Set(rows.map((r) => r.family))).toEqual(
      new Set(['llama2-chat', 'llama3-instruct', 'zephyr', 'tiny-random', 'stories']),
    );
    for (const r of rows) if (r.expected === 'accepted') expect(r.text, r.id).toBeTypeOf('string');
    expect(rows.filter((r) => r.held_out).length / rows.length).toBeGreaterThan(0.15);
  });

  it('agrees with the gate on at least 95% of the replies (outcome, and exact text for accepts)', () => {
    const results = scoreRows(rows);
    const whole = figures(results);
    const heldOut = figures(results.filter((r) => r.row.held_out));
    console.log(markdownTable(whole, heldOut));
    for (const r of results.filter((x) => !x.agrees))
      console.log(`${r.row.id} [${r.row.template}] expected ${r.row.expected}, got ${r.verdict.detail}`);
    expect(whole.agreement).toBeGreaterThanOrEqual(0.95);
  });

  it('judges a typical reply well under a millisecond of CPU time', () => {
    const sample = rows.slice(0, 200);
    for (const r of sample) gateReply(r.source, r.reply, r.finish_reason);
    // CPU time, not wall time: the machine may be busy with other work.
    const before = process.cpuUsage();
    for (let i = 0; i < 3; i++) for (const r of sample) gateReply(r.source, r.reply, r.finish_reason);
    const used = process.cpuUsage(before);
    const perReply = (used.user + used.system) / 1000 / (3 * sample.length);
    console.log(`gate: ${perReply.toFixed(3)} ms of CPU per reply`);
    expect(perReply).toBeLessThan(1);
  });
});
