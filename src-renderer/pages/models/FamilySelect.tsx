import type { SelectHTMLAttributes } from 'react';
import { MODEL_FAMILIES, type ModelFamily } from '../../../src-main/contract/schemas';

type FamilySelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & {
  value: ModelFamily;
  onChange: (family: ModelFamily) => void;
};

export function FamilySelect({ value, onChange, ...rest }: FamilySelectProps) {
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.currentTarget.value as ModelFamily)}>
      {MODEL_FAMILIES.map((f) => (
        <option key={f} value={f}>
          {f}
        </option>
      ))}
    </select>
  );
}
