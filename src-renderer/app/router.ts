import { useSyncExternalStore } from 'react';

/**
 * Hash routing (`#/datasets`): the only kind that works both from file:// in Electron and
 * behind `synthlab serve`, whose page always lives at `/`.
 */
function currentPath(): string {
  return window.location.hash.replace(/^#\/?/, '').split('?')[0] ?? '';
}

function onHashChange(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoutePath(): string {
  return useSyncExternalStore(onHashChange, currentPath);
}

export const hrefFor = (path: string): string => `#/${path}`;

export function navigate(path: string): void {
  window.location.hash = `/${path}`;
}
