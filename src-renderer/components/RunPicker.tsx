export interface RunOption {
  id: number;
  label: string;
}

interface RunPickerProps {
  /** What the runs are, e.g. "Sweep": the select's label. */
  label: string;
  runs: RunOption[];
  value: number | undefined;
  onChange: (id: number) => void;
  /** Keep the label for assistive technology only (where a table header already says it). */
  labelHidden?: boolean;
}

/** Chooses one of a dataset's past runs (sweeps, experiments, audits), newest first. */
export function RunPicker({ label, runs, value, onChange, labelHidden }: RunPickerProps) {
  if (runs.length === 0) return null;
  return (
    <label className="inline-field">
      {labelHidden ? <span className="visually-hidden">{label}</span> : label}
      <select value={value ?? ''} onChange={(e) => onChange(Number(e.currentTarget.value))}>
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {r.label}
          </option>
        ))}
      </select>
    </label>
  );
}
