import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTinyModels } from '../../src-main/test-models/tiny-gguf-models.js';
import { ROOT } from './tmp.js';

/** Tiny random-weight models shared by the tests of one run (built on first use, never downloaded). */
export function tinyModels() {
  return ensureTinyModels(path.join(os.tmpdir(), 'synthlab-tiny-models'));
}

/** The llama.cpp-made fixture in ../shared/fixtures, or why it is absent. */
export function sharedFixtureModel(): { file?: string; reason?: string } {
  const file = path.resolve(ROOT, '..', 'shared', 'fixtures', 'llama-2-tiny-random.gguf');
  return fs.existsSync(file) ? { file } : { reason: `${file} is absent (the shared fixtures folder is not beside this checkout)` };
}

/** Tiny random-weight BERT and RoBERTa encoder folders (ONNX + tokenizer), built on first use. */
export async function tinyEncoders() {
  const { ensureTinyEncoders } = await import('../../src-main/test-models/tiny-onnx-encoders.js');
  return ensureTinyEncoders(path.join(os.tmpdir(), 'synthlab-tiny-encoders'));
}
