import { hrefFor } from '../app/router';
import { EmptyState } from './EmptyState';
import { Panel } from './Panel';

/** What a page that works on a dataset shows before there is one. */
export function NoDatasetsYet() {
  return (
    <Panel title="Before you start">
      <EmptyState title="No datasets yet">
        <p>
          Import one on the <a href={hrefFor('datasets')}>Datasets page</a> — <code>resources/sample/posts.jsonl</code>{' '}
          holds 380 sample posts.
        </p>
      </EmptyState>
    </Panel>
  );
}
