import { useApi } from '../api/use-api';

interface Props {
  /** The form's threads field: blank means the engine's default. */
  threads: string;
}

/**
 * The thread count and parallel sequences a generating job will use, with the engine's reason
 * for each default (machine.defaults, from its thread policy): e.g. "Threads: 1 (auto: 2 cores, …)".
 */
export function RunDefaultsNote({ threads }: Props) {
  const defaults = useApi('machine.defaults', {});
  const d = defaults.data;
  if (!d) return defaults.error ? <p className="muted">Threads: engine default ({defaults.error})</p> : null;
  const own = threads.trim() !== '';
  return (
    <p className="muted" data-testid="run-defaults">
      Threads: {own ? `${threads.trim()} (yours)` : `${d.threads.value} (auto: ${d.threads.reason})`} · Parallel
      sequences per model: {d.parallel.value} (auto: {d.parallel.reason})
    </p>
  );
}
