import { createHash } from 'node:crypto';

/** Identity of a text for de-duplication and caches: SHA-256 of its NFC form. */
export function textHash(text: string): string {
  return createHash('sha256').update(text.normalize('NFC'), 'utf8').digest('hex');
}
