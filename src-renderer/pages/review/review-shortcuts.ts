import { useEffect, useRef, type RefObject } from 'react';
import { isTyping } from '../../app/shortcuts';

export type ReviewAction =
  'nextVariant' | 'previousVariant' | 'accept' | 'reject' | 'edit' | 'labels' | 'nextOriginal' | 'previousOriginal';

export interface ReviewShortcut {
  action: ReviewAction;
  /** KeyboardEvent.key values. */
  keys: string[];
  /** How the keys are shown. */
  shown: string[];
  description: string;
}

/** The one list the key handler and the help on the page are both made from. */
export const REVIEW_SHORTCUTS: readonly ReviewShortcut[] = [
  { action: 'nextVariant', keys: ['j', 'ArrowDown'], shown: ['j', '↓'], description: 'next variant' },
  { action: 'previousVariant', keys: ['k', 'ArrowUp'], shown: ['k', '↑'], description: 'previous variant' },
  { action: 'accept', keys: ['a'], shown: ['a'], description: 'accept' },
  { action: 'reject', keys: ['r'], shown: ['r'], description: 'reject' },
  { action: 'edit', keys: ['e'], shown: ['e'], description: 'edit text' },
  { action: 'labels', keys: ['l'], shown: ['l'], description: 'change labels' },
  { action: 'nextOriginal', keys: ['n'], shown: ['n'], description: 'next original' },
  { action: 'previousOriginal', keys: ['p'], shown: ['p'], description: 'previous original' },
];

const ARROWS = new Set(['ArrowDown', 'ArrowUp']);

/**
 * Single-key review shortcuts. Letters work anywhere on the page except in fields; arrows only
 * inside `scope`, so that elsewhere they still scroll the page.
 */
export function useReviewShortcuts(scope: RefObject<HTMLElement | null>, run: (action: ReviewAction) => void): void {
  const latestRun = useRef(run);
  useEffect(() => {
    latestRun.current = run;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // defaultPrevented: the global "g then key" navigation claimed it.
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const shortcut = REVIEW_SHORTCUTS.find((s) => s.keys.includes(e.key));
      if (!shortcut) return;
      if (ARROWS.has(e.key) && !(e.target instanceof Node && scope.current?.contains(e.target))) return;
      e.preventDefault();
      latestRun.current(shortcut.action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [scope]);
}
