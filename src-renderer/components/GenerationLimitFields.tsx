import { Field } from './Field';

export interface GenerationLimitValues {
  threads: string;
  maxTokens: string;
  maxAttempts: string;
}

interface Props {
  values: GenerationLimitValues;
  onChange: (field: keyof GenerationLimitValues, value: string) => void;
  errors: Record<string, string>;
}

/** CPU threads, max tokens and attempts per variant: the limits every generating job takes. Blank means the engine's default. */
export function GenerationLimitFields({ values, onChange, errors }: Props) {
  return (
    <>
      <Field label="CPU threads" hint="Blank: chosen for this machine (shown below the form)." error={errors.threads}>
        <input
          type="number"
          min={1}
          value={values.threads}
          placeholder="auto"
          onChange={(e) => onChange('threads', e.currentTarget.value)}
        />
      </Field>
      <Field label="Max tokens" hint="Blank: follows each post’s length." error={errors.maxTokens}>
        <input
          type="number"
          min={1}
          value={values.maxTokens}
          placeholder="auto"
          onChange={(e) => onChange('maxTokens', e.currentTarget.value)}
        />
      </Field>
      <Field label="Attempts per variant" hint="Blank: 3." error={errors.maxAttempts}>
        <input
          type="number"
          min={1}
          max={20}
          value={values.maxAttempts}
          placeholder="3"
          onChange={(e) => onChange('maxAttempts', e.currentTarget.value)}
        />
      </Field>
    </>
  );
}
