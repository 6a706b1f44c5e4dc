/**
 * Prompt rendering for the three chat families. A GGUF's own `tokenizer.chat_template` wins
 * when it has one (rendered with Jinja, as Hugging Face and llama.cpp do); otherwise the
 * family's published format below is used. Pure: no model needed.
 */
import { Template } from '@huggingface/jinja';
import type { ModelFamily } from '../contract/schemas.js';
import type { ChatMessage } from './backend.js';

export interface SpecialTokens {
  bos: string;
  eos: string;
}

export const FAMILY_SPECIAL_TOKENS: Record<ModelFamily, SpecialTokens> = {
  'llama2-chat': { bos: '<s>', eos: '</s>' },
  'llama3-instruct': { bos: '<|begin_of_text|>', eos: '<|eot_id|>' },
  zephyr: { bos: '<s>', eos: '</s>' },
};

/**
 * Where each family's answer ends, as text: its end-of-turn and end-of-text markers and the role
 * markers that open a next turn (a model that runs past its end of turn writes one of these next).
 * Sent as `stop` to HTTP servers (at most 4, the OpenAI API's limit) and given to node-llama-cpp
 * as stop triggers; the embedded backend also stops on the model's own end-of-generation tokens.
 * Sources: the families' chat templates (Llama 2 `[INST]`, Llama 3 header tokens, Zephyr `<|role|>`).
 */
export const FAMILY_STOP_SEQUENCES: Record<ModelFamily, readonly string[]> = {
  'llama2-chat': ['</s>', '[INST]', '<<SYS>>'],
  'llama3-instruct': ['<|eot_id|>', '<|end_of_text|>', '<|start_header_id|>'],
  zephyr: ['</s>', '<|user|>', '<|system|>', '<|assistant|>'],
};

/** The stop sequences for a family (see FAMILY_STOP_SEQUENCES). */
export function familyStopSequences(family: ModelFamily): readonly string[] {
  return FAMILY_STOP_SEQUENCES[family];
}

function splitSystem(messages: readonly ChatMessage[]): { system?: string; turns: ChatMessage[] } {
  const [first, ...rest] = messages;
  return first?.role === 'system' ? { system: first.content, turns: rest } : { turns: [...messages] };
}

/** Llama 2 chat: `<s>[INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST] {answer} </s>`. */
function renderLlama2(messages: readonly ChatMessage[], t: SpecialTokens): string {
  const { system, turns } = splitSystem(messages);
  let out = '';
  turns.forEach((m, i) => {
    if (m.role === 'user') {
      const content = i === 0 && system !== undefined ? `<<SYS>>\n${system}\n<</SYS>>\n\n${m.content}` : m.content;
      out += `${t.bos}[INST] ${content.trim()} [/INST]`;
    } else if (m.role === 'assistant') {
      out += ` ${m.content.trim()} ${t.eos}`;
    }
  });
  return out;
}

/** Llama 3 instruct: a header per message, each closed by <|eot_id|>, then the assistant header. */
function renderLlama3(messages: readonly ChatMessage[], t: SpecialTokens): string {
  const body = messages
    .map((m) => `<|start_header_id|>${m.role}<|end_header_id|>\n\n${m.content.trim()}<|eot_id|>`)
    .join('');
  return `${t.bos}${body}<|start_header_id|>assistant<|end_header_id|>\n\n`;
}

/** Zephyr: `<|role|>\n{content}</s>\n` per message, then `<|assistant|>\n`. */
function renderZephyr(messages: readonly ChatMessage[], t: SpecialTokens): string {
  return messages.map((m) => `<|${m.role}|>\n${m.content}${t.eos}\n`).join('') + '<|assistant|>\n';
}

/** The family's known prompt format, ending where the assistant's answer begins. */
export function renderFamilyPrompt(
  family: ModelFamily,
  messages: readonly ChatMessage[],
  tokens: SpecialTokens = FAMILY_SPECIAL_TOKENS[family],
): string {
  switch (family) {
    case 'llama2-chat':
      return renderLlama2(messages, tokens);
    case 'llama3-instruct':
      return renderLlama3(messages, tokens);
    case 'zephyr':
      return renderZephyr(messages, tokens);
  }
}

export class ChatTemplateError extends Error {
  override name = 'ChatTemplateError';
}

/** Renders a model's embedded Jinja chat template with a generation prompt. */
const parsedTemplates = new Map<string, Template>();

export function renderChatTemplate(template: string, messages: readonly ChatMessage[], tokens: SpecialTokens): string {
  try {
    // Parsing is the slow part; a model's template is parsed once.
    let parsed = parsedTemplates.get(template);
    if (!parsed) {
      parsed = new Template(template);
      parsedTemplates.set(template, parsed);
    }
    return parsed.render({
      messages: messages.map((m) => ({ role: m.role, content: m.content })),
      bos_token: tokens.bos,
      eos_token: tokens.eos,
      add_generation_prompt: true,
      // @huggingface/jinja provides raise_exception itself.
    });
  } catch (err) {
    throw new ChatTemplateError(`chat template failed to render: ${(err as Error).message}`);
  }
}

/** The prompt for a model: its embedded template when present, else the family's format. */
export function renderPrompt(
  family: ModelFamily,
  messages: readonly ChatMessage[],
  embedded?: { template?: string; tokens?: SpecialTokens },
): { prompt: string; source: 'embedded-template' | 'family-format' } {
  const tokens = embedded?.tokens ?? FAMILY_SPECIAL_TOKENS[family];
  if (embedded?.template) return { prompt: renderChatTemplate(embedded.template, messages, tokens), source: 'embedded-template' };
  return { prompt: renderFamilyPrompt(family, messages, tokens), source: 'family-format' };
}
