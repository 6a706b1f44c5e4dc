import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

interface LabelEditorProps {
  categories: string[];
  initial: string[];
  onSave: (labels: string[]) => void;
  onCancel: () => void;
}

/** Tick the PII categories the variant really discloses; Enter saves, Escape cancels. */
export function LabelEditor({ categories, initial, onSave, onCancel }: LabelEditorProps) {
  const [labels, setLabels] = useState(initial);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const toggle = (name: string, on: boolean) =>
    setLabels((all) => (on ? [...all, name] : all.filter((l) => l !== name)));
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
      // On a checkbox only: Enter on the buttons is their own click.
      e.preventDefault();
      onSave(categories.filter((c) => labels.includes(c)));
    }
  };
  return (
    <fieldset className="label-editor" onKeyDown={onKeyDown}>
      <legend>Labels of this variant</legend>
      <div className="label-grid">
        {categories.map((c, i) => (
          <label key={c} className="checkbox">
            <input
              ref={i === 0 ? first : undefined}
              type="checkbox"
              checked={labels.includes(c)}
              onChange={(e) => toggle(c, e.currentTarget.checked)}
            />
            {c}
          </label>
        ))}
      </div>
      <div className="row">
        <button
          type="button"
          className="button button-primary button-small"
          onClick={() => onSave(categories.filter((c) => labels.includes(c)))}
        >
          Save labels <kbd>Enter</kbd>
        </button>
        <button type="button" className="button button-small" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
    </fieldset>
  );
}
