import { useEffect, useRef, useState } from 'react';
import { ErrorBoundary } from './ErrorBoundary';
import { JobNotifications } from './JobNotifications';
import { useRoutePath } from './router';
import { routeFor, ROUTES } from './routes';
import { SelectedDatasetProvider } from './selected-dataset';
import { useGlobalShortcuts } from './shortcuts';
import { ShortcutsDialog } from './ShortcutsDialog';
import { Sidebar } from './Sidebar';
import { useTheme } from './theme';
import { ToastProvider } from './toasts';

export function App() {
  const route = routeFor(useRoutePath());
  const { theme, toggle } = useTheme();
  const main = useRef<HTMLElement>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  useGlobalShortcuts(ROUTES, () => setShortcutsOpen(true));

  // After navigating, keyboard and screen-reader users continue from the new page, not the old link.
  const firstRender = useRef(true);
  useEffect(() => {
    document.title = `${route.label} · SynthLab`;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo({ top: 0 });
    main.current?.focus({ preventScroll: true });
  }, [route]);

  const { Page } = route;
  return (
    <ToastProvider>
      <JobNotifications />
      <SelectedDatasetProvider>
        {/* Not a plain #main link: the hash holds the route. */}
        <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
          Skip to content
        </button>
        <div className="shell">
          <Sidebar
            routes={ROUTES}
            active={route}
            theme={theme}
            onToggleTheme={toggle}
            onShowShortcuts={() => setShortcutsOpen(true)}
          />
          <main id="main" ref={main} tabIndex={-1} className="main">
            <ErrorBoundary key={route.path}>
              <Page />
            </ErrorBoundary>
          </main>
        </div>
        {shortcutsOpen && <ShortcutsDialog routes={ROUTES} active={route} onClose={() => setShortcutsOpen(false)} />}
      </SelectedDatasetProvider>
    </ToastProvider>
  );
}
