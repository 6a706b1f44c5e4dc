import fs from 'node:fs';
import type { ChatMessage } from '../llm/backend.js';
import type { Store } from '../store/store.js';
import type { PromptTemplateRow } from '../store/prompts-repo.js';
import { resourcePath } from '../util/resources.js';

export const REPHRASE_TEMPLATE = 'rephrase';
export const POST_PLACEHOLDER = '{{post}}';

export class PromptTemplateError extends Error {
  override name = 'PromptTemplateError';
}

export function checkTemplate(body: string): void {
  if (!body.includes(POST_PLACEHOLDER)) throw new PromptTemplateError(`the template must contain ${POST_PLACEHOLDER} where the post goes`);
}

/** The rephrase instruction for one post, as a single user turn. */
export function rephraseMessages(templateBody: string, post: string): ChatMessage[] {
  return [{ role: 'user', content: templateBody.split(POST_PLACEHOLDER).join(post) }];
}

/** The latest rephrase template, seeding version 1 from resources/prompts on first use. */
export function currentRephraseTemplate(store: Store): PromptTemplateRow {
  return store.prompts.latest(REPHRASE_TEMPLATE) ?? store.prompts.save(REPHRASE_TEMPLATE, fs.readFileSync(resourcePath('prompts', 'rephrase.txt'), 'utf8').trimEnd());
}

/** Saves an edited template as the next version. */
export function saveRephraseTemplate(store: Store, body: string): PromptTemplateRow {
  checkTemplate(body);
  return store.prompts.save(REPHRASE_TEMPLATE, body);
}
