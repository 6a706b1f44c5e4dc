import fs from 'node:fs';
import path from 'node:path';
import { kv, writeGguf, type GgufContent, type GgufKV, type GgufTensor } from './gguf-writer.js';
import { mulberry32 } from '../util/random.js';

/**
 * Tiny random-weight Llama-architecture models, one per chat family, built at run time for tests and
 * the headless demo. Their output is gibberish, but they load and generate through llama.cpp like real
 * models: same architecture, the family's real tokenizer kind, special tokens and chat template.
 */

export type TinyModelFamilyId = 'llama2-chat' | 'llama3-instruct' | 'zephyr';

export interface TinyModelFamily {
  readonly id: TinyModelFamilyId;
  readonly fileName: string;
  /** general.name */
  readonly modelName: string;
  /** 'llama': SentencePiece with byte fallback; 'gpt2': byte-level BPE. */
  readonly tokenizerModel: 'llama' | 'gpt2';
  readonly bosToken: string;
  readonly eosToken: string;
  /** End of a chat turn, where it differs from the end of the text. */
  readonly eotToken?: string;
  /** Stored with token type 3 (control): a single token only when the text is tokenized with special tokens. */
  readonly controlTokens: readonly string[];
  /** Jinja template, in the form Hugging Face and llama.cpp read from tokenizer.chat_template. */
  readonly chatTemplate: string;
  /** Fewer key/value heads than query heads means grouped-query attention, as in the family's real models. */
  readonly headCountKv: number;
  readonly ropeFreqBase: number;
}

// Llama 2 chat: the system prompt is folded into the first user turn; each exchange is wrapped in BOS/EOS.
const LLAMA2_CHAT_TEMPLATE = [
  String.raw`{%- if messages[0]['role'] == 'system' -%}`,
  String.raw`{%- set system_message = messages[0]['content'] -%}{%- set loop_messages = messages[1:] -%}`,
  String.raw`{%- else -%}`,
  String.raw`{%- set system_message = false -%}{%- set loop_messages = messages -%}`,
  String.raw`{%- endif -%}`,
  String.raw`{%- for message in loop_messages -%}`,
  String.raw`{%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}`,
  String.raw`{{- raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') -}}`,
  String.raw`{%- endif -%}`,
  String.raw`{%- if loop.index0 == 0 and system_message != false -%}`,
  String.raw`{%- set content = '<<SYS>>\n' + system_message + '\n<</SYS>>\n\n' + message['content'] -%}`,
  String.raw`{%- else -%}`,
  String.raw`{%- set content = message['content'] -%}`,
  String.raw`{%- endif -%}`,
  String.raw`{%- if message['role'] == 'user' -%}`,
  String.raw`{{- bos_token + '[INST] ' + content.strip() + ' [/INST]' -}}`,
  String.raw`{%- elif message['role'] == 'assistant' -%}`,
  String.raw`{{- ' ' + content.strip() + ' ' + eos_token -}}`,
  String.raw`{%- endif -%}`,
  String.raw`{%- endfor -%}`,
].join('');

// Llama 3 instruct: one header per message, each message closed by <|eot_id|>; BOS only at the very start.
const LLAMA3_INSTRUCT_TEMPLATE = [
  String.raw`{%- for message in messages -%}`,
  String.raw`{%- if loop.first -%}{{- bos_token -}}{%- endif -%}`,
  String.raw`{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n' + message['content'] | trim + '<|eot_id|>' -}}`,
  String.raw`{%- endfor -%}`,
  String.raw`{%- if add_generation_prompt -%}`,
  String.raw`{{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}`,
  String.raw`{%- endif -%}`,
].join('');

// Zephyr: role markers are plain text (not special tokens) in zephyr-7b-beta; every message ends with </s> and a newline.
const ZEPHYR_TEMPLATE = [
  String.raw`{%- for message in messages -%}`,
  String.raw`{%- if message['role'] in ['system', 'user', 'assistant'] -%}`,
  String.raw`{{- '<|' + message['role'] + '|>\n' + message['content'] + eos_token + '\n' -}}`,
  String.raw`{%- endif -%}`,
  String.raw`{%- endfor -%}`,
  String.raw`{%- if add_generation_prompt -%}`,
  String.raw`{{- '<|assistant|>\n' -}}`,
  String.raw`{%- endif -%}`,
].join('');

export const TINY_MODEL_FAMILIES: Readonly<Record<TinyModelFamilyId, TinyModelFamily>> = {
  'llama2-chat': {
    id: 'llama2-chat',
    fileName: 'tiny-llama2-chat.gguf',
    modelName: 'Tiny Random Llama 2 Chat',
    tokenizerModel: 'llama',
    bosToken: '<s>',
    eosToken: '</s>',
    controlTokens: ['<s>', '</s>'],
    chatTemplate: LLAMA2_CHAT_TEMPLATE,
    headCountKv: 4,
    ropeFreqBase: 10_000,
  },
  'llama3-instruct': {
    id: 'llama3-instruct',
    fileName: 'tiny-llama3-instruct.gguf',
    modelName: 'Tiny Random Llama 3 Instruct',
    tokenizerModel: 'gpt2',
    bosToken: '<|begin_of_text|>',
    // As in Meta's instruct GGUFs, generation ends at the end of the assistant turn.
    eosToken: '<|eot_id|>',
    eotToken: '<|eot_id|>',
    controlTokens: ['<|begin_of_text|>', '<|end_of_text|>', '<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>'],
    chatTemplate: LLAMA3_INSTRUCT_TEMPLATE,
    headCountKv: 2,
    ropeFreqBase: 500_000,
  },
  zephyr: {
    id: 'zephyr',
    fileName: 'tiny-zephyr.gguf',
    modelName: 'Tiny Random Zephyr',
    tokenizerModel: 'llama',
    bosToken: '<s>',
    eosToken: '</s>',
    controlTokens: ['<s>', '</s>'],
    chatTemplate: ZEPHYR_TEMPLATE,
    headCountKv: 2,
    ropeFreqBase: 10_000,
  },
};

export const TINY_MODEL_FAMILY_IDS = Object.keys(TINY_MODEL_FAMILIES) as TinyModelFamilyId[];
export const DEFAULT_TINY_MODEL_SEED = 42;

export interface TinyModelOptions {
  /** Seeds the weights; the same seed and sizes give a byte-identical file. */
  seed?: number;
  nLayers?: number;
  nEmbd?: number;
  contextLength?: number;
}

const DEFAULT_N_LAYERS = 2;
const DEFAULT_N_EMBD = 64;
const DEFAULT_CONTEXT_LENGTH = 512;
const HEAD_COUNT = 4;
const FFN_MULTIPLIER = 2;
const RMS_NORM_EPSILON = 1e-5;
/** Spread of the output logits; about 2 makes sampling neither uniform nor greedy. */
const OUTPUT_LOGIT_STD = 2;
const GGML_FILE_TYPE_ALL_F32 = 0;

// llama.cpp token types.
const TOKEN_TYPE_NORMAL = 1;
const TOKEN_TYPE_UNKNOWN = 2;
const TOKEN_TYPE_CONTROL = 3;
const TOKEN_TYPE_BYTE = 6;

// ---------------------------------------------------------------------------------------------
// Vocabulary: merges learnt by byte-pair encoding over a small word list, so that common words are
// single tokens and every merged piece is the concatenation of two earlier pieces, which both
// SentencePiece's bigram merging and GPT-2's ranked merges need. Anything else falls back to bytes.

/** SentencePiece's word-start mark; GPT-2's byte-level alphabet spells the same space 'Ġ'. */
const SPM_SPACE = '\u2581';

// Frequent English words first, then words typical of social-media posts; rank sets the weight.
const VOCABULARY_WORDS = (
  'the of and to a in is you that it he was for on are as with his they I at be this have from or one had by ' +
  'but not what all were we when your can said there use an each which she do how their if will up other about ' +
  'out many then them these so some her would make like him into time has look two more write go see number no ' +
  'way could people my than first water been call who its now find long down day did get come made may part ' +
  'just love today new great thanks happy really good know going think post photo friends home work school city ' +
  'name email phone address street weekend night morning week year best life family team game'
).split(' ');

const MAX_MERGES = 600;

type Merge = readonly [left: string, right: string];

function learnMerges(words: readonly string[], maxMerges: number): Merge[] {
  // Words mostly follow a space, but also start a text or a line, so both spellings get pieces.
  const entries = words.flatMap((word, rank) => {
    const weight = words.length - rank;
    return [
      { symbols: [SPM_SPACE, ...word], weight: 2 * weight },
      { symbols: [...word], weight },
    ];
  });
  const merges: Merge[] = [];
  while (merges.length < maxMerges) {
    const pairWeights = new Map<string, number>();
    for (const { symbols, weight } of entries) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const pair = `${symbols[i]}\u0000${symbols[i + 1]}`;
        pairWeights.set(pair, (pairWeights.get(pair) ?? 0) + weight);
      }
    }
    let best: string | undefined;
    let bestWeight = 0;
    for (const [pair, weight] of pairWeights) {
      // Ties go to the lexicographically smaller pair so the result never depends on iteration order.
      if (weight > bestWeight || (weight === bestWeight && best !== undefined && pair < best)) {
        best = pair;
        bestWeight = weight;
      }
    }
    if (best === undefined) break;
    const [left, right] = best.split('\u0000') as [string, string];
    merges.push([left, right]);
    for (const entry of entries) {
      const merged: string[] = [];
      for (let i = 0; i < entry.symbols.length; i++) {
        if (entry.symbols[i] === left && entry.symbols[i + 1] === right) {
          merged.push(left + right);
          i++;
        } else {
          merged.push(entry.symbols[i]!);
        }
      }
      entry.symbols = merged;
    }
  }
  return merges;
}

const LEARNT_MERGES = learnMerges(VOCABULARY_WORDS, MAX_MERGES);

interface Vocabulary {
  tokens: string[];
  tokenTypes: number[];
  scores?: number[];
  merges?: string[];
}

function uniqueInOrder(items: Iterable<string>): string[] {
  return [...new Set(items)];
}

/** SentencePiece layout of the real Llama 2 and Mistral vocabularies: <unk>, <s>, </s>, 256 byte tokens, pieces. */
function sentencePieceVocabulary(): Vocabulary {
  const printableAscii = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i));
  // Merged pieces first, best merges highest scored, then single characters, as SentencePiece orders them.
  const pieces = uniqueInOrder([...LEARNT_MERGES.map(([l, r]) => l + r), SPM_SPACE, ...printableAscii]);
  const bytes = Array.from({ length: 256 }, (_, b) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`);
  return {
    tokens: ['<unk>', '<s>', '</s>', ...bytes, ...pieces],
    tokenTypes: [
      TOKEN_TYPE_UNKNOWN,
      TOKEN_TYPE_CONTROL,
      TOKEN_TYPE_CONTROL,
      ...bytes.map(() => TOKEN_TYPE_BYTE),
      ...pieces.map(() => TOKEN_TYPE_NORMAL),
    ],
    scores: [0, 0, 0, ...bytes.map(() => 0), ...pieces.map((_, rank) => -rank)],
  };
}

/**
 * GPT-2's reversible byte-to-character map: printable Latin-1 bytes stand for themselves, the rest are
 * shifted past U+00FF, so every byte sequence is a string of visible characters (space becomes 'Ġ').
 */
function gpt2ByteAlphabet(): string[] {
  const isPrintable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  let shifted = 0;
  return Array.from({ length: 256 }, (_, b) => String.fromCodePoint(isPrintable(b) ? b : 0x100 + shifted++));
}

/** Byte-level BPE as in Llama 3: 256 byte symbols, learnt merges, then the control tokens. */
function byteLevelBpeVocabulary(controlTokens: readonly string[]): Vocabulary {
  const byteSymbols = gpt2ByteAlphabet();
  const spaceSymbol = byteSymbols[0x20]!;
  // The word list is ASCII, whose printable bytes are their own symbols; only the space needs respelling.
  const respell = (piece: string) => piece.replaceAll(SPM_SPACE, spaceSymbol);
  const merges = LEARNT_MERGES.map(([l, r]) => [respell(l), respell(r)] as const);
  const pieces = uniqueInOrder([...byteSymbols, ...merges.map(([l, r]) => l + r)]);
  return {
    tokens: [...pieces, ...controlTokens],
    tokenTypes: [...pieces.map(() => TOKEN_TYPE_NORMAL), ...controlTokens.map(() => TOKEN_TYPE_CONTROL)],
    merges: merges.map(([l, r]) => `${l} ${r}`),
  };
}

function tokenId(vocabulary: Vocabulary, token: string): number {
  const id = vocabulary.tokens.indexOf(token);
  if (id < 0) throw new Error(`token ${token} is not in the vocabulary`);
  return id;
}

function tokenizerMetadata(family: TinyModelFamily, vocabulary: Vocabulary): GgufKV[] {
  const metadata: GgufKV[] = [kv.string('tokenizer.ggml.model', family.tokenizerModel)];
  // 'llama-bpe' selects llama.cpp's Llama 3 pre-tokenizer (the split regex applied before merging).
  if (family.tokenizerModel === 'gpt2') metadata.push(kv.string('tokenizer.ggml.pre', 'llama-bpe'));
  metadata.push(kv.strings('tokenizer.ggml.tokens', vocabulary.tokens));
  if (vocabulary.scores) metadata.push(kv.numbers('tokenizer.ggml.scores', 'float32', vocabulary.scores));
  metadata.push(kv.numbers('tokenizer.ggml.token_type', 'int32', vocabulary.tokenTypes));
  if (vocabulary.merges) metadata.push(kv.strings('tokenizer.ggml.merges', vocabulary.merges));
  metadata.push(
    kv.uint32('tokenizer.ggml.bos_token_id', tokenId(vocabulary, family.bosToken)),
    kv.uint32('tokenizer.ggml.eos_token_id', tokenId(vocabulary, family.eosToken)),
  );
  if (family.eotToken) metadata.push(kv.uint32('tokenizer.ggml.eot_token_id', tokenId(vocabulary, family.eotToken)));
  if (family.tokenizerModel === 'llama')
    metadata.push(kv.uint32('tokenizer.ggml.unknown_token_id', tokenId(vocabulary, '<unk>')));
  metadata.push(
    kv.bool('tokenizer.ggml.add_bos_token', true),
    kv.bool('tokenizer.ggml.add_eos_token', false),
    kv.string('tokenizer.chat_template', family.chatTemplate),
  );
  return metadata;
}

// ---------------------------------------------------------------------------------------------
// Weights


interface Shape {
  nVocab: number;
  nEmbd: number;
  nLayers: number;
  nHeads: number;
  nHeadsKv: number;
  nFf: number;
}

function weightTensors(shape: Shape, seed: number): GgufTensor[] {
  const random = mulberry32(seed);
  // Uniform values with the given standard deviation; plain arithmetic keeps them identical on every platform.
  const uniform = (dims: number[], std: number): GgufTensor => {
    const halfWidth = std * Math.sqrt(3);
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    for (let i = 0; i < data.length; i++) data[i] = (random() * 2 - 1) * halfWidth;
    return { name: '', dims, type: 'f32', data };
  };
  // Scaling each projection by 1/sqrt(fan-in) keeps activations near unit size, so nothing overflows.
  const projection = (name: string, nIn: number, nOut: number): GgufTensor => ({
    ...uniform([nIn, nOut], 1 / Math.sqrt(nIn)),
    name,
  });
  const ones = (name: string, n: number): GgufTensor => ({
    name,
    dims: [n],
    type: 'f32',
    data: new Float32Array(n).fill(1),
  });

  const { nVocab, nEmbd, nLayers, nHeads, nHeadsKv, nFf } = shape;
  const nEmbdKv = (nEmbd / nHeads) * nHeadsKv;
  const tensors: GgufTensor[] = [{ ...uniform([nEmbd, nVocab], 1), name: 'token_embd.weight' }];
  for (let layer = 0; layer < nLayers; layer++) {
    const block = `blk.${layer}`;
    tensors.push(
      ones(`${block}.attn_norm.weight`, nEmbd),
      projection(`${block}.attn_q.weight`, nEmbd, nEmbd),
      projection(`${block}.attn_k.weight`, nEmbd, nEmbdKv),
      projection(`${block}.attn_v.weight`, nEmbd, nEmbdKv),
      projection(`${block}.attn_output.weight`, nEmbd, nEmbd),
      ones(`${block}.ffn_norm.weight`, nEmbd),
      projection(`${block}.ffn_gate.weight`, nEmbd, nFf),
      projection(`${block}.ffn_up.weight`, nEmbd, nFf),
      projection(`${block}.ffn_down.weight`, nFf, nEmbd),
    );
  }
  tensors.push(ones('output_norm.weight', nEmbd), {
    ...uniform([nEmbd, nVocab], OUTPUT_LOGIT_STD / Math.sqrt(nEmbd)),
    name: 'output.weight',
  });
  return tensors;
}

// ---------------------------------------------------------------------------------------------

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

/** The model's full GGUF content, for callers that want bytes rather than a file. */
export function tinyModelContent(familyId: TinyModelFamilyId, options: TinyModelOptions = {}): GgufContent {
  const family = TINY_MODEL_FAMILIES[familyId];
  const nLayers = positiveInteger('nLayers', options.nLayers ?? DEFAULT_N_LAYERS);
  const nEmbd = positiveInteger('nEmbd', options.nEmbd ?? DEFAULT_N_EMBD);
  const contextLength = positiveInteger('contextLength', options.contextLength ?? DEFAULT_CONTEXT_LENGTH);
  const headDim = nEmbd / HEAD_COUNT;
  // RoPE rotates pairs of dimensions, so each head needs an even size.
  if (!Number.isInteger(headDim) || headDim % 2 !== 0) {
    throw new RangeError(`nEmbd must be a multiple of ${HEAD_COUNT * 2}, got ${nEmbd}`);
  }
  const vocabulary =
    family.tokenizerModel === 'llama' ? sentencePieceVocabulary() : byteLevelBpeVocabulary(family.controlTokens);
  const shape: Shape = {
    nVocab: vocabulary.tokens.length,
    nEmbd,
    nLayers,
    nHeads: HEAD_COUNT,
    nHeadsKv: family.headCountKv,
    nFf: nEmbd * FFN_MULTIPLIER,
  };
  const metadata: GgufKV[] = [
    kv.string('general.architecture', 'llama'),
    kv.string('general.name', family.modelName),
    kv.uint32('general.file_type', GGML_FILE_TYPE_ALL_F32),
    kv.uint32('llama.vocab_size', shape.nVocab),
    kv.uint32('llama.context_length', contextLength),
    kv.uint32('llama.embedding_length', nEmbd),
    kv.uint32('llama.block_count', nLayers),
    kv.uint32('llama.feed_forward_length', shape.nFf),
    kv.uint32('llama.rope.dimension_count', headDim),
    kv.float32('llama.rope.freq_base', family.ropeFreqBase),
    kv.uint32('llama.attention.head_count', shape.nHeads),
    kv.uint32('llama.attention.head_count_kv', shape.nHeadsKv),
    kv.float32('llama.attention.layer_norm_rms_epsilon', RMS_NORM_EPSILON),
    ...tokenizerMetadata(family, vocabulary),
  ];
  const seed = options.seed ?? DEFAULT_TINY_MODEL_SEED;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return { metadata, tensors: weightTensors(shape, seed) };
}

/** Writes a tiny random-weight model of the family to `filePath` (atomically) and returns the absolute path. */
export async function buildTinyModel(
  filePath: string,
  familyId: TinyModelFamilyId,
  options: TinyModelOptions = {},
): Promise<string> {
  const target = path.resolve(filePath);
  await writeGguf(target, tinyModelContent(familyId, options));
  return target;
}

/**
 * Builds whichever of the three family models is missing from `dir` and returns every path. An existing
 * file is trusted as is, whatever seed it was built with.
 */
export async function ensureTinyModels(
  dir: string,
  seed: number = DEFAULT_TINY_MODEL_SEED,
): Promise<Record<TinyModelFamilyId, string>> {
  const paths = {} as Record<TinyModelFamilyId, string>;
  for (const id of TINY_MODEL_FAMILY_IDS) {
    const filePath = path.resolve(dir, TINY_MODEL_FAMILIES[id].fileName);
    paths[id] = fs.existsSync(filePath) ? filePath : await buildTinyModel(filePath, id, { seed });
  }
  return paths;
}
