import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProcedureName, ProcInput, ProcOutput } from '../../src-main/contract/contract';
import { call } from './client';

export interface ApiQuery<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  /** Fetches again, keeping the current data on screen meanwhile. */
  reload: () => void;
}

/**
 * Calls a read-only procedure and re-calls it when its input changes (compared by value).
 * Answers of superseded calls are dropped so a slow reply never overwrites a newer one.
 * `input: null` means "not yet": nothing is called.
 */
export function useApi<K extends ProcedureName>(name: K, input: ProcInput<K> | null): ApiQuery<ProcOutput<K>> {
  const [data, setData] = useState<ProcOutput<K>>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(input !== null);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const key = input === null ? null : JSON.stringify(input);

  useEffect(() => {
    if (key === null) return;
    const ticket = ++latest.current;
    setLoading(true);
    call(name, JSON.parse(key) as ProcInput<K>).then(
      (result) => {
        if (ticket !== latest.current) return;
        setData(result);
        setError(undefined);
        setLoading(false);
      },
      (err: Error) => {
        if (ticket !== latest.current) return;
        setError(err.message);
        setLoading(false);
      },
    );
  }, [name, key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
}
