import { useEffect, useRef } from 'react';
import { navigate } from './router';
import type { RouteDef } from './route-def';

/** How long after "g" the page key is awaited. */
const SEQUENCE_MS = 1500;

/** Keys typed into a field belong to the field, never to a shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * "g" then a page's key opens the page (the convention of GitHub and Gmail, chosen because
 * Alt+digit switches tabs in browsers); "/" focuses the page's search box; "?" opens the list of
 * shortcuts (`onHelp`).
 */
export function useGlobalShortcuts(routes: readonly RouteDef[], onHelp: () => void): void {
  const latestHelp = useRef(onHelp);
  useEffect(() => {
    latestHelp.current = onHelp;
  });
  useEffect(() => {
    let awaitingPage = 0;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const key = e.key.toLowerCase();
      if (Date.now() - awaitingPage < SEQUENCE_MS) {
        awaitingPage = 0;
        const route = routes.find((r) => r.shortcutKey === key);
        if (route) {
          e.preventDefault();
          navigate(route.path);
        }
        return;
      }
      if (key === 'g') awaitingPage = Date.now();
      else if (e.key === '?') {
        e.preventDefault();
        latestHelp.current();
      } else if (key === '/') {
        const search = document.querySelector<HTMLInputElement>('[data-page-search]');
        if (search) {
          e.preventDefault();
          search.focus();
        }
      }
    };
    // Capture phase: the "g" sequence is seen before a page's own single-key shortcuts, which
    // skip keys it has claimed (defaultPrevented), so "g r" opens Review rather than rejecting.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [routes]);
}
