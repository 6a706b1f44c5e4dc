import { CsvDelimiterSchema, ImportPresetSchema, type CsvDelimiter, type ImportPreset } from '../../../src-main/contract/schemas';
import { Field } from '../../components/Field';

/** How to read the file beyond its columns; blank or "auto" means the engine decides. */
export interface ImportOptionsValue {
  delimiter: CsvDelimiter | '';
  preset: ImportPreset | '';
  region: string;
  replaceInvalid: boolean;
}

export const DEFAULT_IMPORT_OPTIONS: ImportOptionsValue = { delimiter: '', preset: '', region: '', replaceInvalid: false };

/** The import request's options, leaving out those left at their default. */
export function importOptionValues(v: ImportOptionsValue) {
  return {
    ...(v.delimiter ? { delimiter: v.delimiter } : {}),
    ...(v.preset ? { preset: v.preset } : {}),
    ...(v.region.trim() ? { region: v.region.trim() } : {}),
    ...(v.replaceInvalid ? { replaceInvalid: true } : {}),
  };
}

const DELIMITER_LABEL: Record<CsvDelimiter, string> = { comma: 'Comma ,', semicolon: 'Semicolon ;', tab: 'Tab', pipe: 'Pipe |' };
const PRESET_LABEL: Record<ImportPreset, string> = { reddit: 'Reddit / Pushshift dump', twitter: 'X / Twitter export' };

interface ImportOptionsFieldsProps {
  value: ImportOptionsValue;
  onChange: (value: ImportOptionsValue) => void;
  disabled: boolean;
  /** Opened when an import failed for a reason these options fix (delimiter, Unicode). */
  open: boolean;
}

export function ImportOptionsFields({ value, onChange, disabled, open }: ImportOptionsFieldsProps) {
  const set = <K extends keyof ImportOptionsValue>(key: K, v: ImportOptionsValue[K]) => onChange({ ...value, [key]: v });
  return (
    <details className="disclosure" open={open || undefined}>
      <summary>Reading options</summary>
      <div className="grid grid-3">
        <Field label="CSV delimiter" hint="Detected from the header unless chosen.">
          <select value={value.delimiter} disabled={disabled} onChange={(e) => set('delimiter', e.currentTarget.value as CsvDelimiter | '')}>
            <option value="">Detect</option>
            {CsvDelimiterSchema.options.map((d) => (
              <option key={d} value={d}>
                {DELIMITER_LABEL[d]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Dump" hint="Maps body, title + selftext or full_text to posts; [deleted] and [removed] are skipped.">
          <select value={value.preset} disabled={disabled} onChange={(e) => set('preset', e.currentTarget.value as ImportPreset | '')}>
            <option value="">None (id, text, labels)</option>
            {ImportPresetSchema.options.map((p) => (
              <option key={p} value={p}>
                {PRESET_LABEL[p]}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Region" hint="Two letters (FR, US…): phone numbers without +country and numeric dates.">
          <input
            type="text"
            value={value.region}
            maxLength={2}
            placeholder="none"
            disabled={disabled}
            onChange={(e) => set('region', e.currentTarget.value.toUpperCase())}
          />
        </Field>
      </div>
      <label className="row">
        <input
          type="checkbox"
          checked={value.replaceInvalid}
          disabled={disabled}
          onChange={(e) => set('replaceInvalid', e.currentTarget.checked)}
        />
        Store invalid UTF-8 and lone surrogates as “�” instead of refusing the file
      </label>
    </details>
  );
}
