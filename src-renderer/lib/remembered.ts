import { useState } from 'react';

/** localStorage key of a form's remembered fields, e.g. `synthlab.form.sweep.sample`. */
export const rememberedKey = (form: string, dataset: string): string => `synthlab.form.${form}.${dataset}`;

function load(key: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    // A hand-edited or foreign value: start from the defaults rather than fail the page.
    return {};
  }
}

/**
 * A form field whose value is remembered per form and dataset (in localStorage), so leaving the
 * page and coming back — or restarting the app — finds the settings as they were, not the defaults.
 * A stored value of another type than `initial` (an older version's) is ignored.
 *
 * @param form which form, e.g. "sweep"
 * @param dataset the dataset the settings are for
 * @param field the field's name within the form
 * @param initial the value while nothing is remembered
 */
type Setter<T> = (value: T | ((current: T) => T)) => void;
export function useRemembered(form: string, dataset: string, field: string, initial: string): [string, Setter<string>];
export function useRemembered<T extends string[] | Record<string, string>>(
  form: string,
  dataset: string,
  field: string,
  initial: T,
): [T, Setter<T>];
export function useRemembered<T extends string | string[] | Record<string, string>>(
  form: string,
  dataset: string,
  field: string,
  initial: T,
): [T, Setter<T>] {
  const key = rememberedKey(form, dataset);
  const read = (): T => {
    const stored = load(key)[field];
    if (stored === undefined || Array.isArray(stored) !== Array.isArray(initial) || typeof stored !== typeof initial)
      return initial;
    return stored as T;
  };
  const [state, setState] = useState<{ key: string; value: T }>(() => ({ key, value: read() }));
  // Another dataset: its own remembered values, read during render so no frame shows the old ones.
  const value = state.key === key ? state.value : read();
  const set = (next: T | ((current: T) => T)) => {
    const resolved = typeof next === 'function' ? next(value) : next;
    localStorage.setItem(key, JSON.stringify({ ...load(key), [field]: resolved }));
    setState({ key, value: resolved });
  };
  return [value, set];
}
