import { Fragment } from 'react';

/** One shortcut as shown: its keys (alternatives joined by "or") and what it does. */
export interface ShownShortcut {
  shown: readonly string[];
  description: string;
}

/** A definition list of shortcuts: used by the Review page's help and the global "?" dialog. */
export function ShortcutList({ shortcuts, label }: { shortcuts: readonly ShownShortcut[]; label: string }) {
  return (
    <dl className="shortcut-list" aria-label={label}>
      {shortcuts.map((s) => (
        <div key={s.description}>
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
