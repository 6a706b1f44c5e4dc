import { Fragment } from 'react';
import { REVIEW_SHORTCUTS } from './review-shortcuts';

/** The review keys, from the same list the handler uses. */
export function ShortcutHelp() {
  return (
    <dl className="shortcut-list" aria-label="Keyboard shortcuts">
      {REVIEW_SHORTCUTS.map((s) => (
        <div key={s.action}>
          <dt>
            {s.shown.map((k, i) => (
              <Fragment key={k}>
                {i > 0 && <span className="muted"> or </span>}
                <kbd>{k}</kbd>
              </Fragment>
            ))}
          </dt>
          <dd>{s.description}</dd>
        </div>
      ))}
    </dl>
  );
}
