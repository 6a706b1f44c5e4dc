import { PII_KIND_MATCHING, piiCategoryRelations } from '../../../src-main/contract/audit-schemas';

/** How the audit's categories (values found by shape) relate to the dataset's own categories, and how each kind is compared. */
export function PiiCategoryRelations({ datasetCategories }: { datasetCategories: readonly string[] }) {
  const { relations, unmatched } = piiCategoryRelations(datasetCategories);
  return (
    <details className="disclosure">
      <summary>What the audit’s categories count</summary>
      <div className="stack-tight">
        <p className="muted">
          The audit finds specific values in each original by their shape — an address, a number, a date — and does not
          read the dataset’s labels. Each audit category stands for the dataset category shown, where the dataset has one
          like it.
        </p>
        <div className="table-scroll">
          <table className="data-table" aria-label="Audit categories and dataset categories">
            <thead>
              <tr>
                <th scope="col">Audit category</th>
                <th scope="col">Dataset category</th>
                <th scope="col">Carried over when the variant has</th>
              </tr>
            </thead>
            <tbody>
              {relations.map((r) => (
                <tr key={r.category}>
                  <th scope="row">{r.category}</th>
                  <td>{r.datasetCategory ?? <span className="muted">none</span>}</td>
                  <td>
                    {r.kinds.map((k) => (
                      <div key={k}>
                        <span className="muted">{k}:</span> {PII_KIND_MATCHING[k]}
                      </div>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {unmatched.length > 0 && (
          <p className="muted">
            Dataset categories without a shape of value ({unmatched.join(', ')}) are not counted here; the linkage attack
            and the verbatim runs measure them.
          </p>
        )}
      </div>
    </details>
  );
}
