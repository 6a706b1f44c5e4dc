import { Field } from '../../components/Field';

/** Which CSV columns hold what; blank means the engine's default name. */
export interface CsvColumns {
  text: string;
  id: string;
  labels: string;
}

export const DEFAULT_CSV_COLUMNS: CsvColumns = { text: '', id: '', labels: '' };

/** The import request's column options, leaving out those the person left blank. */
export function csvColumnOptions(c: CsvColumns): { textColumn?: string; idColumn?: string; labelsColumn?: string } {
  return {
    ...(c.text.trim() ? { textColumn: c.text.trim() } : {}),
    ...(c.id.trim() ? { idColumn: c.id.trim() } : {}),
    ...(c.labels.trim() ? { labelsColumn: c.labels.trim() } : {}),
  };
}

interface CsvColumnsFieldsProps {
  value: CsvColumns;
  onChange: (value: CsvColumns) => void;
  disabled: boolean;
  /** Opened when an import failed for want of a column, so the fix is in view. */
  open: boolean;
}

export function CsvColumnsFields({ value, onChange, disabled, open }: CsvColumnsFieldsProps) {
  const field = (key: keyof CsvColumns, label: string, placeholder: string) => (
    <Field label={label}>
      <input
        type="text"
        value={value[key]}
        placeholder={placeholder}
        onChange={(e) => onChange({ ...value, [key]: e.currentTarget.value })}
        disabled={disabled}
      />
    </Field>
  );
  return (
    <details className="disclosure" open={open || undefined}>
      <summary>CSV columns</summary>
      <div className="stack">
        <fieldset className="choice-group">
          <legend className="visually-hidden">CSV column names</legend>
          <div className="grid grid-3">
            {field('text', 'Text', 'text')}
            {field('id', 'Id', 'id')}
            {field('labels', 'Labels', 'labels')}
          </div>
        </fieldset>
        <p className="field-hint">
          Labels come from the labels column (values separated by ; or |) or, without one, from 0/1 columns: every
          column that is neither text nor id is a category. Without an id column, posts are identified by their text.
        </p>
      </div>
    </details>
  );
}
