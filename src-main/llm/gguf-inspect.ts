import fs from 'node:fs';
import { createHash } from 'node:crypto';
import type { GgmlType, GgufFileType, GgufTensorInfo, readGgufFileInfo } from 'node-llama-cpp';
import { llamaModule, type LlamaModule } from './llama-module.js';

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

export interface GgufSummary {
  architecture: string;
  name?: string;
  parameters: number;
  quantisation: string;
  contextLength?: number;
  chatTemplate?: string;
  ggufVersion: number;
  tensors: number;
  bytes: number;
}

type BlockLayout = Partial<Record<GgmlType, [number, number]>>;

/** [elements per block, bytes per block] of the common tensor types, to check a file is complete. */
function blockLayout({ GgmlType }: LlamaModule): BlockLayout {
  return {
    [GgmlType.F32]: [1, 4],
    [GgmlType.F16]: [1, 2],
    [GgmlType.Q4_0]: [32, 18],
    [GgmlType.Q4_1]: [32, 20],
    [GgmlType.Q5_0]: [32, 22],
    [GgmlType.Q5_1]: [32, 24],
    [GgmlType.Q8_0]: [32, 34],
    [GgmlType.Q2_K]: [256, 84],
    [GgmlType.Q3_K]: [256, 110],
    [GgmlType.Q4_K]: [256, 144],
    [GgmlType.Q5_K]: [256, 176],
    [GgmlType.Q6_K]: [256, 210],
    [GgmlType.Q8_K]: [256, 292],
  };
}

function elements(t: GgufTensorInfo): number {
  return t.dimensions.reduce<number>((n, d) => n * Number(d), 1);
}

/** The end of the furthest tensor's data, where its type's size is known. */
function tensorDataEnd(tensors: readonly GgufTensorInfo[], layouts: BlockLayout): number {
  let end = 0;
  for (const t of tensors) {
    const layout = layouts[t.ggmlType];
    const start = Number(t.fileOffset);
    end = Math.max(end, layout ? start + Math.ceil(elements(t) / layout[0]) * layout[1] : start + 1);
  }
  return end;
}

/** Reads and checks a GGUF file's header: magic, metadata, and that every tensor's data is present. */
export async function inspectGguf(file: string): Promise<GgufSummary> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ModelFileError(`${file}: file not found`);
  }
  if (!stat.isFile()) throw new ModelFileError(`${file}: not a regular file`);
  const fd = fs.openSync(file, 'r');
  const magic = Buffer.alloc(4);
  try {
    fs.readSync(fd, magic, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (magic.toString('latin1') !== 'GGUF') {
    throw new ModelFileError(`${file}: not a GGUF file (it starts with ${JSON.stringify(magic.toString('latin1'))}, not "GGUF")`);
  }
  const llama = await llamaModule();
  let info: Awaited<ReturnType<typeof readGgufFileInfo>>;
  try {
    info = await llama.readGgufFileInfo(file, { readTensorInfo: true, logWarnings: false, sourceType: 'filesystem' });
  } catch (err) {
    throw new ModelFileError(`${file}: unreadable GGUF header (${(err as Error).message}); the file may be truncated or corrupted`);
  }
  const tensors = info.fullTensorInfo ?? info.tensorInfo ?? [];
  const needed = tensorDataEnd(tensors, blockLayout(llama));
  if (needed > stat.size) {
    throw new ModelFileError(`${file}: truncated: the tensors need ${needed} bytes but the file has ${stat.size}`);
  }
  const meta = info.metadata as unknown as {
    general?: { architecture?: string; name?: string; file_type?: GgufFileType };
    tokenizer?: { chat_template?: string };
  } & Record<string, { context_length?: number } | undefined>;
  const architecture = meta.general?.architecture ?? 'unknown';
  const fileType = meta.general?.file_type;
  return {
    architecture,
    ...(meta.general?.name ? { name: meta.general.name } : {}),
    parameters: tensors.reduce((n, t) => n + elements(t), 0),
    quantisation: fileType !== undefined ? (llama.GgufFileType[fileType] ?? `type ${fileType}`) : 'unknown',
    ...(meta[architecture]?.context_length ? { contextLength: meta[architecture]!.context_length! } : {}),
    ...(meta.tokenizer?.chat_template ? { chatTemplate: meta.tokenizer.chat_template } : {}),
    ggufVersion: info.version,
    tensors: tensors.length,
    bytes: stat.size,
  };
}

export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
