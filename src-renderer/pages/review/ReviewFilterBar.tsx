import { optionalNumber } from '../../lib/form-values';
import { DECISION_FILTER_LABELS, type DecisionFilter, type ReviewFilters } from './review-filters';

interface ReviewFilterBarProps {
  filters: ReviewFilters;
  onChange: (filters: ReviewFilters) => void;
  models: string[];
  categories: string[];
}

/** `undefined` for the "any" choice of a select. */
const chosen = (value: string): string | undefined => (value === '' ? undefined : value);

export function ReviewFilterBar({ filters, onChange, models, categories }: ReviewFilterBarProps) {
  const set = (patch: Partial<ReviewFilters>) => onChange({ ...filters, ...patch });
  return (
    <div className="filter-bar" role="group" aria-label="Filters">
      <label className="inline-field">
        Model
        <select value={filters.model ?? ''} onChange={(e) => set({ model: chosen(e.currentTarget.value) })}>
          <option value="">any</option>
          {models.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        Decision
        <select
          value={filters.decision ?? ''}
          onChange={(e) => set({ decision: chosen(e.currentTarget.value) as DecisionFilter | undefined })}
        >
          <option value="">any</option>
          {Object.entries(DECISION_FILTER_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <label className="inline-field">
        Category
        <select value={filters.category ?? ''} onChange={(e) => set({ category: chosen(e.currentTarget.value) })}>
          <option value="">any</option>
          {categories.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <fieldset className="inline-field similarity-range">
        <legend className="visually-hidden">Similarity range</legend>
        <span aria-hidden="true">Similarity</span>
        <input
          type="number"
          min={0}
          max={1}
          step={0.05}
          placeholder="0"
          aria-label="Lowest similarity"
          value={filters.minSimilarity ?? ''}
          onChange={(e) => set({ minSimilarity: optionalNumber(e.currentTarget.value) })}
        />
        <span aria-hidden="true">to</span>
        <input
          type="number"
          min={0}
          max={1}
          step={0.05}
          placeholder="1"
          aria-label="Highest similarity"
          value={filters.maxSimilarity ?? ''}
          onChange={(e) => set({ maxSimilarity: optionalNumber(e.currentTarget.value) })}
        />
      </fieldset>
    </div>
  );
}
