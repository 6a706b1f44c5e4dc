import { useId } from 'react';

export type EmbedderKind = 'tfidf' | 'onnx' | 'gguf';

const KIND_LABELS: Record<EmbedderKind, string> = {
  tfidf: 'TF-IDF (built in, fast)',
  onnx: 'ONNX sentence encoder (a local model folder)',
  gguf: 'GGUF embedding model (a local file)',
};

const PATH_HINTS: Record<Exclude<EmbedderKind, 'tfidf'>, string> = {
  onnx: 'Folder on the engine’s machine holding model.onnx and its tokenizer.',
  gguf: 'A .gguf embedding model on the engine’s machine.',
};

interface EmbedderFieldProps {
  label: string;
  /** The engine's spec: "tfidf", "onnx:DIR" or "gguf:FILE". */
  value: string;
  onChange: (spec: string) => void;
  kinds: readonly EmbedderKind[];
  error?: string | undefined;
}

function parseSpec(spec: string): { kind: EmbedderKind; path: string } {
  const [prefix, ...rest] = spec.split(':');
  return prefix === 'onnx' || prefix === 'gguf' ? { kind: prefix, path: rest.join(':') } : { kind: 'tfidf', path: '' };
}

/** How texts become vectors (for similarity, linkage or the classifier): the built-in TF-IDF or a local model. */
export function EmbedderField({ label, value, onChange, kinds, error }: EmbedderFieldProps) {
  const id = useId();
  const { kind, path } = parseSpec(value);
  const setKind = (next: EmbedderKind) => onChange(next === 'tfidf' ? 'tfidf' : `${next}:${path}`);
  return (
    <div className="field">
      <label htmlFor={`${id}-kind`}>{label}</label>
      <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.currentTarget.value as EmbedderKind)}>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </select>
      {kind !== 'tfidf' && (
        <>
          <label htmlFor={`${id}-path`} className="visually-hidden">
            {kind === 'onnx' ? 'Model folder' : 'Model file'}
          </label>
          <input
            id={`${id}-path`}
            type="text"
            value={path}
            placeholder={kind === 'onnx' ? '/models/all-MiniLM-L6-v2' : '/models/nomic-embed.gguf'}
            aria-describedby={`${id}-hint`}
            aria-invalid={error ? true : undefined}
            onChange={(e) => onChange(`${kind}:${e.currentTarget.value}`)}
          />
          <p id={`${id}-hint`} className="field-hint">
            {PATH_HINTS[kind]}
          </p>
        </>
      )}
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
