import { z } from 'zod';
import { api, isProcedure, type ApiReply } from '../contract/contract.js';
import type { Handlers } from './handlers.js';

function issues(err: z.ZodError) {
  return err.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/**
 * Validates a call against the contract, runs it and validates the answer: the one entry
 * point for IPC and HTTP. Errors become replies a person can act on, never exceptions.
 */
export async function dispatch(handlers: Handlers, name: string, payload: unknown): Promise<ApiReply<unknown>> {
  if (!isProcedure(name)) return { ok: false, error: `unknown procedure "${name}"` };
  const proc = api[name];
  const input = proc.input.safeParse(payload ?? {});
  if (!input.success) {
    const found = issues(input.error);
    return { ok: false, error: `invalid input for ${name}: ${found.map((i) => `${i.path || 'input'}: ${i.message}`).join('; ')}`, issues: found };
  }
  try {
    const handler = handlers[name] as (i: unknown) => unknown;
    const result = await handler(input.data);
    return { ok: true, result: proc.output.parse(result) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
