import { useState, type FormEvent } from 'react';

interface AnnotatorFieldProps {
  annotator: string;
  onChange: (name: string) => void;
}

/** Who is reviewing. Decisions are kept per name, so colleagues can review the same variants independently. */
export function AnnotatorField({ annotator, onChange }: AnnotatorFieldProps) {
  const [editing, setEditing] = useState(annotator === '');
  const [draft, setDraft] = useState(annotator);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft.trim()) return;
    onChange(draft);
    setEditing(false);
  };

  if (!editing)
    return (
      <p className="annotator">
        Reviewing as <strong>{annotator}</strong>{' '}
        <button type="button" className="link-button" onClick={() => setEditing(true)}>
          Change
        </button>
      </p>
    );
  return (
    <form className="row annotator" onSubmit={submit}>
      <label htmlFor="annotator-name">Your name</label>
      <input
        id="annotator-name"
        type="text"
        className="annotator-input"
        value={draft}
        autoComplete="name"
        placeholder="e.g. Alice"
        onChange={(e) => setDraft(e.currentTarget.value)}
      />
      <button type="submit" className="button button-primary" disabled={!draft.trim()}>
        Start reviewing
      </button>
      {annotator && (
        <button type="button" className="button button-quiet" onClick={() => setEditing(false)}>
          Cancel
        </button>
      )}
    </form>
  );
}
