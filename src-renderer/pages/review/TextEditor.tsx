import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';

interface TextEditorProps {
  initial: string;
  onSave: (text: string) => void;
  onCancel: () => void;
}

/** Corrects a variant's text; Ctrl+Enter saves, Escape cancels. */
export function TextEditor({ initial, onSave, onCancel }: TextEditorProps) {
  const id = useId();
  const [text, setText] = useState(initial);
  const area = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    area.current?.focus();
    area.current?.select();
  }, []);

  const blank = text.trim() === '';
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !blank) {
      e.preventDefault();
      onSave(text);
    }
  };
  return (
    <div className="stack-tight">
      <label htmlFor={id} className="visually-hidden">
        Edited text
      </label>
      <textarea
        id={id}
        ref={area}
        rows={4}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKeyDown}
      />
      <div className="row">
        <button
          type="button"
          className="button button-primary button-small"
          disabled={blank}
          onClick={() => onSave(text)}
        >
          Save edit <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
        </button>
        <button type="button" className="button button-small" onClick={onCancel}>
          Cancel <kbd>Esc</kbd>
        </button>
        {blank && <span className="field-error">An edit needs some text; reject the variant instead.</span>}
      </div>
    </div>
  );
}
