import { useEffect, useRef } from 'react';
import { ShortcutList } from '../components/ShortcutList';
import { Kbd } from '../components/Kbd';
import type { RouteDef } from './route-def';

interface ShortcutsDialogProps {
  routes: readonly RouteDef[];
  active: RouteDef;
  onClose: () => void;
}

/**
 * Every keyboard shortcut that works here: the pages ("g" then a key), "/" where the page has a
 * search box, and the page's own keys. A modal <dialog>: Escape or the button closes it, and
 * focus returns to where it was.
 */
export function ShortcutsDialog({ routes, active, onClose }: ShortcutsDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <div className="row row-between">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <button type="button" className="button button-small" onClick={() => dialog.current?.close()} autoFocus>
          Close
        </button>
      </div>
      <dl className="shortcut-list" aria-label="Everywhere">
        {routes.map((r) => (
          <div key={r.path}>
            <dt>
              <Kbd keys={['g', r.shortcutKey]} />
            </dt>
            <dd>open {r.label}</dd>
          </div>
        ))}
        {active.search && (
          <div>
            <dt>
              <Kbd keys={['/']} />
            </dt>
            <dd>focus the search box</dd>
          </div>
        )}
        <div>
          <dt>
            <Kbd keys={['?']} />
          </dt>
          <dd>this list</dd>
        </div>
      </dl>
      {active.shortcuts && (
        <>
          <h3>On the {active.label} page</h3>
          <ShortcutList shortcuts={active.shortcuts} label={`On the ${active.label} page`} />
        </>
      )}
    </dialog>
  );
}
