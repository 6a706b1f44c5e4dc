import type { z } from 'zod';

/** Blank number fields mean "the engine's default" and are left out of the request. */
export const optionalNumber = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** A schema's complaints keyed by the top-level field they concern, to show beside that field. */
export function errorsByField(error: z.ZodError): Record<string, string> {
  return Object.fromEntries(error.issues.map((i) => [String(i.path[0] ?? 'form'), i.message]));
}
