/**
 * Tiny random-weight transformer encoders, written as complete Hugging Face style model folders
 * (config, tokenizer files, onnx/model.onnx) so the real @huggingface/transformers loading path
 * can run them offline. They stand in for sentence encoders such as all-MiniLM-L6-v2 in tests and
 * when no real model is installed: the vectors are meaningless, but shapes, masking and the whole
 * tokenize → run → pool pipeline are real.
 *
 * Everything derives from a seed, so the same seed and options give byte-identical folders.
 */
import fs from 'node:fs';
import path from 'node:path';
import { GraphBuilder, TensorDataType, attr, encodeModel, type ModelSpec, type ValueInfoSpec } from './onnx-writer.js';
import { mulberry32 } from '../util/random.js';

export type TinyEncoderKind = 'bert' | 'roberta';

export interface TinyEncoderOptions {
  /** Integer PRNG seed for all weights (used modulo 2^32); default DEFAULT_TINY_ENCODER_SEED. */
  seed?: number;
  /** Hidden size; must be divisible by the head count (2). Default 32. */
  hidden?: number;
  /** Number of encoder layers. Default 2. */
  layers?: number;
}

export interface TinyEncoderFolders {
  bert: string;
  roberta: string;
}

export const DEFAULT_TINY_ENCODER_SEED = 42;

/** Folder names used by ensureTinyEncoders under its base folder. */
export const TINY_ENCODER_DIR_NAMES: Readonly<Record<TinyEncoderKind, string>> = {
  bert: 'tiny-bert',
  roberta: 'tiny-roberta',
};

const DEFAULT_HIDDEN = 32;
const DEFAULT_LAYERS = 2;
const ATTENTION_HEADS = 2;
/** Longest token sequence the model accepts, special tokens included. */
const MAX_SEQUENCE_LENGTH = 128;
const OPSET = 17;
const IR_VERSION = 8;
/** Added to attention scores of padded keys; large enough that Softmax gives them exactly zero weight. */
const MASKED_SCORE_BIAS = -1e9;

/** Written into config.json so ensureTinyEncoders can tell whether an existing folder matches. */
interface GeneratorStamp {
  generator: 'synthlab-tiny-encoder';
  kind: TinyEncoderKind;
  seed: number;
  hidden: number;
  layers: number;
}

/**
 * Writes a complete model folder for `kind` at `dir`, replacing any folder already there, and
 * returns its absolute path. Files are written to a temporary sibling that is renamed into place,
 * so readers never see a half-written folder.
 *
 * The returned path is absolute on purpose: transformers.js treats a relative path that looks like
 * "name" or "owner/name" as a Hub model id and resolves it under env.localModelPath instead.
 */
export function buildTinyEncoder(dir: string, kind: TinyEncoderKind, options: TinyEncoderOptions = {}): string {
  const target = path.resolve(dir);
  const stamp = makeStamp(kind, options);
  const files = kind === 'bert' ? bertFolderFiles(stamp) : robertaFolderFiles(stamp);

  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(`${target}.tmp-`);
  try {
    for (const [relativePath, content] of files) {
      const file = path.join(staging, relativePath);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    }
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw err;
  }
  return target;
}

/**
 * Builds the BERT and RoBERTa tiny encoders under `baseDir` unless folders built with the same
 * seed (and default sizes) are already there, and returns their absolute paths.
 */
export function ensureTinyEncoders(baseDir: string, seed: number = DEFAULT_TINY_ENCODER_SEED): TinyEncoderFolders {
  const folderFor = (kind: TinyEncoderKind): string => {
    const dir = path.resolve(baseDir, TINY_ENCODER_DIR_NAMES[kind]);
    const wanted = makeStamp(kind, { seed });
    return isBuiltWith(dir, wanted) ? dir : buildTinyEncoder(dir, kind, { seed });
  };
  return { bert: folderFor('bert'), roberta: folderFor('roberta') };
}

function makeStamp(kind: TinyEncoderKind, options: TinyEncoderOptions): GeneratorStamp {
  const seed = options.seed ?? DEFAULT_TINY_ENCODER_SEED;
  const hidden = options.hidden ?? DEFAULT_HIDDEN;
  const layers = options.layers ?? DEFAULT_LAYERS;
  if (!Number.isInteger(seed)) throw new Error(`Tiny encoder seed must be an integer, got ${seed}`);
  if (!Number.isInteger(hidden) || hidden < ATTENTION_HEADS || hidden % ATTENTION_HEADS !== 0) {
    throw new Error(`Tiny encoder hidden size must be a positive multiple of ${ATTENTION_HEADS}, got ${hidden}`);
  }
  if (!Number.isInteger(layers) || layers < 1) throw new Error(`Tiny encoder needs at least one layer, got ${layers}`);
  return { generator: 'synthlab-tiny-encoder', kind, seed, hidden, layers };
}

function isBuiltWith(dir: string, wanted: GeneratorStamp): boolean {
  try {
    const config = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { tiny_encoder?: unknown };
    return (
      JSON.stringify(config.tiny_encoder) === JSON.stringify(wanted) &&
      fs.existsSync(path.join(dir, 'onnx', 'model.onnx'))
    );
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Seeded random numbers


/** Standard normal samples via Box-Muller. */
function createNormal(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform(); // in (0, 1], keeps log finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}

function normalArray(normal: () => number, length: number, std: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = normal() * std;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** Common lowercase words shared by both tokenizers (WordPiece entries, BPE training text). */
const COMMON_WORDS = `
the of and to in is it you that he was for on are with as his they be at one have this from or had by not
but what some we can out other were all there when up use your how said an each she which do their time if
will way about many then them write would like so these her long make thing see him two has look more day
could go come did number no most people my over know water than call first who may down side been now find
any new work part take get place made live where after back little only year came show every good me give
our under name very through just great think say help line turn much mean before move right old too same
tell does set three want well also play small end put home read hand large even here must big high such
follow why ask change went light kind off need house try again point mother world near build father head
own page should country found answer school still learn food keep never last let thought city tree start
might story far left late run while close night real life few open together next white children begin got
walk always music both often until car care book took eat room friend idea stop once hear sure watch face
enough girl young ready above feel talk soon family leave song door short question happen today tomorrow
email phone address street message post please thanks hello love hate happy sad sorry meet week weekend
morning evening birthday party doctor hospital bank account password money office team
`;

/** Word-continuation pieces for the WordPiece vocabulary; each gets the "##" prefix. */
const WORDPIECE_SUFFIXES = `
s es ed ing ly er ers est ion tion ment ness able ful less al ic ous ive ize ity en y ish ist ence ance ent ant day
`;

const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const LOWERCASE_ALPHANUMERICS = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** How many merges to learn for the byte-level BPE vocabulary. */
const BPE_MERGE_COUNT = 300;

/** The distinct whitespace-separated words of a word-list literal. */
function wordList(text: string): string[] {
  return [...new Set(text.split(/\s+/).filter((word) => word.length > 0))];
}

/** Appends tokens to a vocabulary in order, skipping duplicates; ids are insertion positions. */
function vocabularyFrom(tokens: Iterable<string>): Map<string, number> {
  const vocab = new Map<string, number>();
  for (const token of tokens) if (!vocab.has(token)) vocab.set(token, vocab.size);
  return vocab;
}

/**
 * GPT-2's reversible byte → printable character table: printable Latin-1 bytes map to themselves,
 * the rest to code points from 256 up, so every byte sequence becomes a visible string.
 */
function byteToUnicodeTable(): string[] {
  const table: string[] = new Array<string>(256);
  const isPrintable = (byte: number): boolean =>
    (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  let nextUnprintable = 256;
  for (let byte = 0; byte < 256; byte++) {
    table[byte] = String.fromCharCode(isPrintable(byte) ? byte : nextUnprintable++);
  }
  return table;
}

/**
 * Learns byte-pair merges from a small word list, most frequent pair first, ties broken by the
 * pair's text so the result is deterministic.
 */
function learnBpeMerges(words: readonly string[], mergeCount: number): Array<[string, string]> {
  const segmented = words.map((word) => Array.from(word));
  const merges: Array<[string, string]> = [];
  while (merges.length < mergeCount) {
    const pairCounts = new Map<string, number>();
    for (const symbols of segmented) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        const key = `${symbols[i]} ${symbols[i + 1]}`;
        pairCounts.set(key, (pairCounts.get(key) ?? 0) + 1);
      }
    }
    let best: string | undefined;
    let bestCount = 0;
    for (const [key, count] of pairCounts) {
      if (count > bestCount || (count === bestCount && best !== undefined && key < best)) {
        best = key;
        bestCount = count;
      }
    }
    if (best === undefined) break;
    const [left, right] = best.split(' ') as [string, string];
    merges.push([left, right]);
    for (const symbols of segmented) {
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (symbols[i] === left && symbols[i + 1] === right) symbols.splice(i, 2, left + right);
      }
    }
  }
  return merges;
}

// ---------------------------------------------------------------------------------------------
// ONNX graph

interface EncoderShape {
  vocabSize: number;
  hidden: number;
  layers: number;
  heads: number;
  intermediate: number;
  /** Rows in the position table. */
  positionTableSize: number;
  layerNormEpsilon: number;
}

/** How the two architectures differ in the embedding block. */
interface EmbeddingStyle {
  /** BERT adds token-type embeddings and takes token_type_ids as an input. */
  tokenTypes: boolean;
  /**
   * RoBERTa numbers positions from padding_idx + 1 and gives pads position padding_idx;
   * BERT uses 0..seq-1 for every row.
   */
  robertaPositions: boolean;
  padTokenId: number;
}

function encoderModel(shape: EncoderShape, style: EmbeddingStyle, seed: number, docString: string): ModelSpec {
  const normal = createNormal(mulberry32(seed));
  const g = new GraphBuilder();
  const { hidden, heads } = shape;
  const headSize = hidden / heads;

  const tokenInput = (name: string): ValueInfoSpec => ({
    name,
    elemType: TensorDataType.INT64,
    shape: ['batch_size', 'sequence_length'],
  });
  const inputs = [tokenInput('input_ids'), tokenInput('attention_mask')];
  if (style.tokenTypes) inputs.push(tokenInput('token_type_ids'));
  g.declareInputs(inputs);

  // Embedding tables are N(0, 1) (LayerNorm follows, so the scale is irrelevant); projections use
  // N(0, 1/fan_in) so activations keep unit scale and attention is far from uniform.
  const embeddingTable = (name: string, rows: number, zeroRow?: number): string => {
    const table = normalArray(normal, rows * hidden, 1);
    // Like nn.Embedding(padding_idx=...): the padding row is zero.
    if (zeroRow !== undefined) table.fill(0, zeroRow * hidden, (zeroRow + 1) * hidden);
    return g.floatTensor(name, [rows, hidden], table);
  };
  const linear = (prefix: string, x: string, fanIn: number, fanOut: number): string => {
    const weight = g.floatTensor(
      `${prefix}.weight`,
      [fanIn, fanOut],
      normalArray(normal, fanIn * fanOut, 1 / Math.sqrt(fanIn)),
    );
    const bias = g.floatTensor(`${prefix}.bias`, [fanOut], normalArray(normal, fanOut, 0.02));
    return g.op('Add', `${prefix}.out`, [g.op('MatMul', `${prefix}.matmul`, [x, weight]), bias]);
  };
  const layerNorm = (prefix: string, x: string): string => {
    const scale = g.floatTensor(`${prefix}.weight`, [hidden], new Float32Array(hidden).fill(1));
    const bias = g.floatTensor(`${prefix}.bias`, [hidden], new Float32Array(hidden));
    return g.op('LayerNormalization', `${prefix}.out`, [x, scale, bias], {
      axis: attr.int(-1),
      epsilon: attr.float(shape.layerNormEpsilon),
    });
  };
  const int64Const = (name: string, values: number[]): string => g.int64Tensor(name, [values.length], values);

  // --- Embeddings
  const wordTable = embeddingTable('embeddings.word_embeddings.weight', shape.vocabSize, style.padTokenId);
  const positionTable = embeddingTable(
    'embeddings.position_embeddings.weight',
    shape.positionTableSize,
    style.robertaPositions ? style.padTokenId : undefined,
  );
  let embeddings = g.op('Gather', 'embeddings.words', [wordTable, 'input_ids'], { axis: attr.int(0) });

  let positionIds: string;
  if (style.robertaPositions) {
    // position = cumsum(not_pad) * not_pad + padding_idx, as RoBERTa's create_position_ids_from_input_ids.
    const padId = g.int64Scalar('pad_token_id', style.padTokenId);
    const isPad = g.op('Equal', 'embeddings.is_pad', ['input_ids', padId]);
    const notPad = g.op('Cast', 'embeddings.not_pad', [g.op('Not', 'embeddings.not_pad_bool', [isPad])], {
      to: attr.int(TensorDataType.INT64),
    });
    const running = g.op('CumSum', 'embeddings.running_count', [notPad, g.int64Scalar('sequence_axis', 1)]);
    positionIds = g.op('Add', 'position_ids', [g.op('Mul', 'embeddings.masked_count', [running, notPad]), padId]);
  } else {
    const inputShape = g.op('Shape', 'embeddings.input_shape', ['input_ids']);
    const sequenceAxis = g.int64Scalar('sequence_axis', 1);
    const sequenceLength = g.op('Gather', 'embeddings.sequence_length', [inputShape, sequenceAxis], {
      axis: attr.int(0),
    });
    positionIds = g.op('Range', 'position_ids', [g.int64Scalar('zero', 0), sequenceLength, g.int64Scalar('one', 1)]);
  }
  embeddings = g.op('Add', 'embeddings.with_positions', [
    embeddings,
    g.op('Gather', 'embeddings.positions', [positionTable, positionIds], { axis: attr.int(0) }),
  ]);
  if (style.tokenTypes) {
    const typeTable = embeddingTable('embeddings.token_type_embeddings.weight', 2);
    embeddings = g.op('Add', 'embeddings.with_types', [
      embeddings,
      g.op('Gather', 'embeddings.token_types', [typeTable, 'token_type_ids'], { axis: attr.int(0) }),
    ]);
  }
  let hiddenStates = layerNorm('embeddings.LayerNorm', embeddings);

  // --- Attention bias: 0 for real tokens, MASKED_SCORE_BIAS for padding, shaped [batch, 1, 1, seq]
  // so it broadcasts over heads and query positions.
  const maskFloat = g.op('Cast', 'attention.mask_float', ['attention_mask'], { to: attr.int(TensorDataType.FLOAT) });
  const oneFloat = g.floatScalar('one_float', 1);
  const maskedFlag = g.op('Sub', 'attention.masked_flag', [oneFloat, maskFloat]);
  const maskBias = g.op('Unsqueeze', 'attention.mask_bias', [
    g.op('Mul', 'attention.mask_bias_flat', [maskedFlag, g.floatScalar('masked_score_bias', MASKED_SCORE_BIAS)]),
    int64Const('head_and_query_axes', [1, 2]),
  ]);
  const splitHeadsShape = int64Const('split_heads_shape', [0, 0, heads, headSize]);
  const mergeHeadsShape = int64Const('merge_heads_shape', [0, 0, hidden]);
  const scoreScale = g.floatScalar('attention_score_scale', 1 / Math.sqrt(headSize));
  const inverseSqrt2 = g.floatScalar('inverse_sqrt2', Math.SQRT1_2);
  const half = g.floatScalar('half', 0.5);

  // --- Encoder layers (post-LayerNorm, as in BERT and RoBERTa)
  for (let layer = 0; layer < shape.layers; layer++) {
    const p = `encoder.layer.${layer}`;
    // [batch, seq, hidden] -> [batch, seq, heads, head_size] -> transposed by `perm`.
    const headsOf = (x: string, name: string, perm: number[]): string => {
      const split = g.op('Reshape', `${p}.attention.${name}_split`, [x, splitHeadsShape]);
      return g.op('Transpose', `${p}.attention.${name}_heads`, [split], { perm: attr.ints(perm) });
    };
    const query = headsOf(linear(`${p}.attention.self.query`, hiddenStates, hidden, hidden), 'query', [0, 2, 1, 3]);
    const keyT = headsOf(linear(`${p}.attention.self.key`, hiddenStates, hidden, hidden), 'key', [0, 2, 3, 1]);
    const value = headsOf(linear(`${p}.attention.self.value`, hiddenStates, hidden, hidden), 'value', [0, 2, 1, 3]);

    const scores = g.op('Add', `${p}.attention.masked_scores`, [
      g.op('Mul', `${p}.attention.scaled_scores`, [g.op('MatMul', `${p}.attention.scores`, [query, keyT]), scoreScale]),
      maskBias,
    ]);
    const probabilities = g.op('Softmax', `${p}.attention.probabilities`, [scores], { axis: attr.int(-1) });
    const weighted = g.op('MatMul', `${p}.attention.weighted`, [probabilities, value]);
    const contextHeads = g.op('Transpose', `${p}.attention.context_heads`, [weighted], {
      perm: attr.ints([0, 2, 1, 3]),
    });
    const context = g.op('Reshape', `${p}.attention.context`, [contextHeads, mergeHeadsShape]);
    const attended = linear(`${p}.attention.output.dense`, context, hidden, hidden);
    hiddenStates = layerNorm(
      `${p}.attention.output.LayerNorm`,
      g.op('Add', `${p}.attention.residual`, [attended, hiddenStates]),
    );

    // Exact GELU, x * 0.5 * (1 + erf(x / sqrt 2)); the Gelu operator only exists from opset 20.
    const expanded = linear(`${p}.intermediate.dense`, hiddenStates, hidden, shape.intermediate);
    const erf = g.op('Erf', `${p}.intermediate.erf`, [
      g.op('Mul', `${p}.intermediate.scaled`, [expanded, inverseSqrt2]),
    ]);
    const gelu = g.op('Mul', `${p}.intermediate.gelu`, [
      expanded,
      g.op('Mul', `${p}.intermediate.gate`, [g.op('Add', `${p}.intermediate.erf_plus_one`, [erf, oneFloat]), half]),
    ]);
    const projected = linear(`${p}.output.dense`, gelu, shape.intermediate, hidden);
    hiddenStates = layerNorm(`${p}.output.LayerNorm`, g.op('Add', `${p}.output.residual`, [projected, hiddenStates]));
  }
  g.opNamed('Identity', 'last_hidden_state', [hiddenStates]);

  const output: ValueInfoSpec = {
    name: 'last_hidden_state',
    elemType: TensorDataType.FLOAT,
    shape: ['batch_size', 'sequence_length', hidden],
  };
  return {
    irVersion: IR_VERSION,
    opsets: [{ domain: '', version: OPSET }],
    producerName: 'synthlab-tiny-encoder',
    producerVersion: '1',
    docString,
    graph: g.build('tiny_encoder', inputs, [output]),
  };
}

// ---------------------------------------------------------------------------------------------
// Model folders

type FolderFiles = Array<[relativePath: string, content: string | Uint8Array]>;

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** Special token entry in tokenizer.json's added_tokens. */
const addedToken = (id: number, content: string, lstrip = false) => ({
  id,
  content,
  single_word: false,
  lstrip,
  rstrip: false,
  normalized: false,
  special: true,
});

/** sentence-transformers files describing mean pooling over the token embeddings. */
function sentenceTransformersFiles(hidden: number): FolderFiles {
  return [
    [
      'modules.json',
      json([
        { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
        { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
      ]),
    ],
    ['sentence_bert_config.json', json({ max_seq_length: MAX_SEQUENCE_LENGTH, do_lower_case: false })],
    [
      '1_Pooling/config.json',
      json({
        word_embedding_dimension: hidden,
        pooling_mode_cls_token: false,
        pooling_mode_mean_tokens: true,
        pooling_mode_max_tokens: false,
        pooling_mode_mean_sqrt_len_tokens: false,
        pooling_mode_weightedmean_tokens: false,
        pooling_mode_lasttoken: false,
        include_prompt: true,
      }),
    ],
  ];
}

function modelDocString(stamp: GeneratorStamp): string {
  return `Tiny random-weight ${stamp.kind} encoder for tests (seed ${stamp.seed}); its outputs carry no meaning.`;
}

function bertFolderFiles(stamp: GeneratorStamp): FolderFiles {
  const specialTokens = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;
  const vocab = vocabularyFrom([
    ...specialTokens,
    // Every single character a tokenizer can meet after lowercasing and accent stripping, first
    // and continuing, so words never collapse to [UNK] unless they contain other symbols.
    ...LOWERCASE_ALPHANUMERICS,
    ...ASCII_PUNCTUATION,
    ...Array.from(LOWERCASE_ALPHANUMERICS, (char) => `##${char}`),
    ...wordList(COMMON_WORDS),
    ...wordList(WORDPIECE_SUFFIXES).map((suffix) => `##${suffix}`),
  ]);
  const idOf = (token: string): number => vocab.get(token) as number;
  const hidden = stamp.hidden;

  const config = {
    architectures: ['BertModel'],
    model_type: 'bert',
    vocab_size: vocab.size,
    hidden_size: hidden,
    num_hidden_layers: stamp.layers,
    num_attention_heads: ATTENTION_HEADS,
    intermediate_size: 4 * hidden,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    max_position_embeddings: MAX_SEQUENCE_LENGTH,
    type_vocab_size: 2,
    initializer_range: 0.02,
    layer_norm_eps: 1e-12,
    pad_token_id: idOf('[PAD]'),
    position_embedding_type: 'absolute',
    'transformers.js_config': { dtype: 'fp32' },
    tiny_encoder: stamp,
  };

  const templateSpecial = (token: string) => ({ SpecialToken: { id: token, type_id: 0 } });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specialTokens.map((token) => addedToken(idOf(token), token)),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [templateSpecial('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, templateSpecial('[SEP]')],
      pair: [
        templateSpecial('[CLS]'),
        { Sequence: { id: 'A', type_id: 0 } },
        templateSpecial('[SEP]'),
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(
        (['[CLS]', '[SEP]'] as const).map((token) => [token, { id: token, ids: [idOf(token)], tokens: [token] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab),
    },
  };

  const specialTokensMap = {
    cls_token: '[CLS]',
    mask_token: '[MASK]',
    pad_token: '[PAD]',
    sep_token: '[SEP]',
    unk_token: '[UNK]',
  };
  const tokenizerConfig = {
    tokenizer_class: 'BertTokenizer',
    ...specialTokensMap,
    do_lower_case: true,
    do_basic_tokenize: true,
    never_split: null,
    strip_accents: null,
    tokenize_chinese_chars: true,
    clean_up_tokenization_spaces: true,
    model_max_length: MAX_SEQUENCE_LENGTH,
    padding_side: 'right',
  };

  const model = encoderModel(
    {
      vocabSize: vocab.size,
      hidden,
      layers: stamp.layers,
      heads: ATTENTION_HEADS,
      intermediate: 4 * hidden,
      positionTableSize: MAX_SEQUENCE_LENGTH,
      layerNormEpsilon: config.layer_norm_eps,
    },
    { tokenTypes: true, robertaPositions: false, padTokenId: idOf('[PAD]') },
    stamp.seed,
    modelDocString(stamp),
  );

  return [
    ['config.json', json(config)],
    ['tokenizer.json', json(tokenizer)],
    ['tokenizer_config.json', json(tokenizerConfig)],
    ['special_tokens_map.json', json(specialTokensMap)],
    // vocab.txt lets Python's slow BertTokenizer read the folder too.
    ['vocab.txt', `${[...vocab.keys()].join('\n')}\n`],
    ...sentenceTransformersFiles(hidden),
    ['onnx/model.onnx', encodeModel(model)],
  ];
}

function robertaFolderFiles(stamp: GeneratorStamp): FolderFiles {
  const byteSymbols = byteToUnicodeTable();
  const toByteLevel = (text: string): string =>
    Array.from(new TextEncoder().encode(text), (byte) => byteSymbols[byte]).join('');
  // Byte-level pre-tokenization marks a preceding space with the symbol for byte 0x20 ("Ġ");
  // train on both forms, as words appear at the start of a text and after a space.
  const trainingWords = wordList(COMMON_WORDS).flatMap((word) => [toByteLevel(word), toByteLevel(` ${word}`)]);
  const merges = learnBpeMerges(trainingWords, BPE_MERGE_COUNT);

  const vocab = vocabularyFrom([
    '<s>',
    '<pad>',
    '</s>',
    '<unk>',
    ...byteSymbols,
    ...merges.map(([left, right]) => left + right),
    '<mask>', // last, as in roberta-base
  ]);
  const idOf = (token: string): number => vocab.get(token) as number;
  const padTokenId = idOf('<pad>');
  const hidden = stamp.hidden;

  const config = {
    architectures: ['RobertaModel'],
    model_type: 'roberta',
    vocab_size: vocab.size,
    hidden_size: hidden,
    num_hidden_layers: stamp.layers,
    num_attention_heads: ATTENTION_HEADS,
    intermediate_size: 4 * hidden,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    // Positions start at padding_idx + 1, so the table has padding_idx + 1 extra rows.
    max_position_embeddings: MAX_SEQUENCE_LENGTH + padTokenId + 1,
    type_vocab_size: 1,
    initializer_range: 0.02,
    layer_norm_eps: 1e-5,
    bos_token_id: idOf('<s>'),
    pad_token_id: padTokenId,
    eos_token_id: idOf('</s>'),
    position_embedding_type: 'absolute',
    'transformers.js_config': { dtype: 'fp32' },
    tiny_encoder: stamp,
  };

  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      addedToken(idOf('<s>'), '<s>'),
      addedToken(padTokenId, '<pad>'),
      addedToken(idOf('</s>'), '</s>'),
      addedToken(idOf('<unk>'), '<unk>'),
      // "<mask>" swallows the space before it, as in roberta-base.
      addedToken(idOf('<mask>'), '<mask>', true),
    ],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: {
      type: 'RobertaProcessing',
      sep: ['</s>', idOf('</s>')],
      cls: ['<s>', idOf('<s>')],
      trim_offsets: true,
      add_prefix_space: false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab: Object.fromEntries(vocab),
      merges: merges.map(([left, right]) => `${left} ${right}`),
    },
  };

  const specialTokensMap = {
    bos_token: '<s>',
    cls_token: '<s>',
    eos_token: '</s>',
    mask_token: '<mask>',
    pad_token: '<pad>',
    sep_token: '</s>',
    unk_token: '<unk>',
  };
  const tokenizerConfig = {
    tokenizer_class: 'RobertaTokenizer',
    ...specialTokensMap,
    add_prefix_space: false,
    errors: 'replace',
    trim_offsets: true,
    clean_up_tokenization_spaces: false,
    model_max_length: MAX_SEQUENCE_LENGTH,
    padding_side: 'right',
  };

  const model = encoderModel(
    {
      vocabSize: vocab.size,
      hidden,
      layers: stamp.layers,
      heads: ATTENTION_HEADS,
      intermediate: 4 * hidden,
      positionTableSize: config.max_position_embeddings,
      layerNormEpsilon: config.layer_norm_eps,
    },
    { tokenTypes: false, robertaPositions: true, padTokenId },
    stamp.seed,
    modelDocString(stamp),
  );

  return [
    ['config.json', json(config)],
    ['tokenizer.json', json(tokenizer)],
    ['tokenizer_config.json', json(tokenizerConfig)],
    ['special_tokens_map.json', json(specialTokensMap)],
    // vocab.json + merges.txt let Python's slow RobertaTokenizer read the folder too.
    ['vocab.json', json(Object.fromEntries(vocab))],
    ['merges.txt', `#version: 0.2\n${merges.map(([left, right]) => `${left} ${right}`).join('\n')}\n`],
    ...sentenceTransformersFiles(hidden),
    ['onnx/model.onnx', encodeModel(model)],
  ];
}
