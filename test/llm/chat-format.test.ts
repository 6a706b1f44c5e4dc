import { describe, expect, it } from 'vitest';
import { renderChatTemplate, renderFamilyPrompt, renderPrompt } from '../../src-main/llm/chat-format.js';
import { TINY_MODEL_FAMILIES } from '../../src-main/test-models/tiny-gguf-models.js';
import { MODEL_FAMILIES } from '../../src-main/contract/schemas.js';
import type { ChatMessage } from '../../src-main/llm/backend.js';

const withSystem: ChatMessage[] = [
  { role: 'system', content: 'You rewrite posts.' },
  { role: 'user', content: 'Rewrite: I live in Leeds.' },
];
const userOnly: ChatMessage[] = [{ role: 'user', content: 'Rewrite: I live in Leeds.' }];

describe('family prompt formats', () => {
  it('renders Llama 2 chat exactly', () => {
    expect(renderFamilyPrompt('llama2-chat', withSystem)).toBe(
      '<s>[INST] <<SYS>>\nYou rewrite posts.\n<</SYS>>\n\nRewrite: I live in Leeds. [/INST]',
    );
    expect(renderFamilyPrompt('llama2-chat', userOnly)).toBe('<s>[INST] Rewrite: I live in Leeds. [/INST]');
  });

  it('renders Llama 3 instruct exactly', () => {
    expect(renderFamilyPrompt('llama3-instruct', withSystem)).toBe(
      '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou rewrite posts.<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nRewrite: I live in Leeds.<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\n',
    );
  });

  it('renders Zephyr exactly', () => {
    expect(renderFamilyPrompt('zephyr', withSystem)).toBe(
      '<|system|>\nYou rewrite posts.</s>\n<|user|>\nRewrite: I live in Leeds.</s>\n<|assistant|>\n',
    );
  });

  it('renders a multi-turn Llama 2 conversation with answers closed by EOS', () => {
    const turns: ChatMessage[] = [...userOnly, { role: 'assistant', content: 'I live in York.' }, { role: 'user', content: 'Again.' }];
    expect(renderFamilyPrompt('llama2-chat', turns)).toBe('<s>[INST] Rewrite: I live in Leeds. [/INST] I live in York. </s><s>[INST] Again. [/INST]');
  });

  it.each(MODEL_FAMILIES)('the Jinja template embedded in the tiny %s model renders the same prompt', (family) => {
    const f = TINY_MODEL_FAMILIES[family];
    for (const messages of [withSystem, userOnly]) {
      expect(renderChatTemplate(f.chatTemplate, messages, { bos: f.bosToken, eos: f.eosToken })).toBe(renderFamilyPrompt(family, messages));
    }
  });

  it('prefers the embedded template and says which it used', () => {
    expect(renderPrompt('zephyr', userOnly, { template: '{{ messages[0].content }}!' })).toEqual({ prompt: 'Rewrite: I live in Leeds.!', source: 'embedded-template' });
    expect(renderPrompt('zephyr', userOnly).source).toBe('family-format');
  });

  it('reports a broken template clearly', () => {
    expect(() => renderChatTemplate('{% for %}', userOnly, { bos: '<s>', eos: '</s>' })).toThrow(/chat template failed to render/);
  });
});
