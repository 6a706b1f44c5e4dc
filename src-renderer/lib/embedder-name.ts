/**
 * A plain name for an embedder's stored identity, e.g. "tfidf:1-2gram:fcb8d1f3b44b" → "TF-IDF, word
 * 1–2-grams". The identity itself (with its fitted vocabulary's or weights' hash) stays available as a
 * tooltip: it is what makes two results comparable, but not what a reader needs to see first.
 */
export function embedderName(id: string): string {
  const [kind, detail] = id.split(':');
  if (kind === 'tfidf') {
    const n = /^1-(\d+)gram$/.exec(detail ?? '')?.[1];
    return n ? `TF-IDF, word 1–${n}-grams` : 'TF-IDF';
  }
  if (kind === 'onnx') return `ONNX sentence encoder${detail ? `, ${detail} pooling` : ''}`;
  if (kind === 'gguf') return 'GGUF embedding model';
  return id;
}
