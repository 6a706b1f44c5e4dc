import type { Datasets } from '../app/use-datasets';
import { formatCount } from '../lib/format';

/** The dataset a page works on, shared with every other page; shown in the page header. */
export function DatasetPicker({ datasets }: { datasets: Datasets }) {
  if (!datasets.list?.length || !datasets.current) return null;
  return (
    <label className="inline-field">
      Dataset
      <select value={datasets.current.name} onChange={(e) => datasets.select(e.currentTarget.value)}>
        {datasets.list.map((d) => (
          <option key={d.id} value={d.name}>
            {d.name} ({formatCount(d.posts)} posts)
          </option>
        ))}
      </select>
    </label>
  );
}
