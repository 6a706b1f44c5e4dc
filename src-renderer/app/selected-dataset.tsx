import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

const STORAGE_KEY = 'synthlab.dataset';

interface SelectedDataset {
  /** The dataset the person is working on, shared by every page; null before the first is chosen. */
  name: string | null;
  select: (name: string | null) => void;
}

const SelectedDatasetContext = createContext<SelectedDataset | null>(null);

export function SelectedDatasetProvider({ children }: { children: ReactNode }) {
  const [name, setName] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));
  const select = useCallback((next: string | null) => {
    if (next === null) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, next);
    setName(next);
  }, []);
  const value = useMemo(() => ({ name, select }), [name, select]);
  return <SelectedDatasetContext.Provider value={value}>{children}</SelectedDatasetContext.Provider>;
}

export function useSelectedDataset(): SelectedDataset {
  const selected = useContext(SelectedDatasetContext);
  if (!selected) throw new Error('useSelectedDataset needs a SelectedDatasetProvider above it');
  return selected;
}
