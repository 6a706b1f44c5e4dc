import { useEffect } from 'react';

/**
 * Scrolls the element with this id into view whenever `target` changes to a new defined value
 * (e.g. the point whose samples a panel far below the chart now shows). Smooth unless the person
 * asked for reduced motion.
 */
export function useScrollIntoView(id: string, target: string | undefined): void {
  useEffect(() => {
    if (target === undefined) return;
    // After the panel has rendered in this frame.
    const frame = requestAnimationFrame(() => {
      const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      document.getElementById(id)?.scrollIntoView({ behavior: reduced ? 'auto' : 'smooth', block: 'start' });
    });
    return () => cancelAnimationFrame(frame);
  }, [id, target]);
}
