import type { DatasetSummary } from '../../../src-main/contract/schemas';
import { formatCount, formatDateTime } from '../../lib/format';

interface DatasetListProps {
  datasets: DatasetSummary[];
  current: DatasetSummary | undefined;
  onSelect: (name: string) => void;
}

export function DatasetList({ datasets, current, onSelect }: DatasetListProps) {
  return (
    <table className="data-table">
      <thead>
        <tr>
          <th scope="col">Dataset</th>
          <th scope="col" className="numeric">
            Posts
          </th>
          <th scope="col" className="numeric">
            Categories
          </th>
          <th scope="col">Imported</th>
        </tr>
      </thead>
      <tbody>
        {datasets.map((d) => {
          const selected = d.name === current?.name;
          return (
            <tr key={d.id} className={selected ? 'row-selected' : undefined}>
              <th scope="row">
                <button type="button" className="link-button" aria-pressed={selected} onClick={() => onSelect(d.name)}>
                  {d.name}
                </button>
                {d.description && <div className="cell-note">{d.description}</div>}
              </th>
              <td className="numeric">{formatCount(d.posts)}</td>
              <td className="numeric">{d.categories.length}</td>
              <td>{formatDateTime(d.createdAt)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
