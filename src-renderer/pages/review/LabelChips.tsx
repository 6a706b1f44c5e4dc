interface LabelChipsProps {
  labels: string[];
  /** The original's labels: labels not among them are marked added, theirs missing here marked removed. */
  original?: string[];
}

/** A post's or variant's PII categories; a relabelled variant shows what changed. */
export function LabelChips({ labels, original }: LabelChipsProps) {
  const removed = original?.filter((l) => !labels.includes(l)) ?? [];
  if (labels.length === 0 && removed.length === 0) return <span className="muted">No labels</span>;
  return (
    <ul className="chip-list" aria-label="Labels">
      {labels.map((l) => {
        const added = original !== undefined && !original.includes(l);
        return (
          <li key={l} className={`chip ${added ? 'chip-added' : ''}`}>
            {added && <span className="visually-hidden">added: </span>}
            {l}
          </li>
        );
      })}
      {removed.map((l) => (
        <li key={l} className="chip chip-removed">
          <span className="visually-hidden">removed: </span>
          {l}
        </li>
      ))}
    </ul>
  );
}
