import type { ChangeObject } from 'diff';

interface DiffTextProps {
  parts: ChangeObject<string>[];
  /** "added": the variant, its new words marked. "removed": the original, the words the variant dropped marked. */
  side: 'added' | 'removed';
}

/** A text with its word-level differences from the other side highlighted. */
export function DiffText({ parts, side }: DiffTextProps) {
  return (
    <p className="pair-text diff-text">
      {parts.map((part, i) => {
        if (side === 'added' && part.removed) return null;
        if (side === 'removed' && part.added) return null;
        if (side === 'added' && part.added)
          return (
            <ins key={i} className="diff-added">
              {part.value}
            </ins>
          );
        if (side === 'removed' && part.removed)
          return (
            <del key={i} className="diff-removed">
              {part.value}
            </del>
          );
        return <span key={i}>{part.value}</span>;
      })}
    </p>
  );
}
