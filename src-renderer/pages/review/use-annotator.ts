import { useCallback, useState } from 'react';

const STORAGE_KEY = 'synthlab.annotator';

/** Who is reviewing: decisions are saved under this name, remembered on this computer. */
export function useAnnotator(): [string, (name: string) => void] {
  const [name, setName] = useState(() => localStorage.getItem(STORAGE_KEY) ?? '');
  const remember = useCallback((next: string) => {
    const trimmed = next.trim();
    if (trimmed) localStorage.setItem(STORAGE_KEY, trimmed);
    else localStorage.removeItem(STORAGE_KEY);
    setName(trimmed);
  }, []);
  return [name, remember];
}
