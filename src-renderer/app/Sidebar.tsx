import { isDesktop } from '../api/desktop-bridge';
import { Kbd } from '../components/Kbd';
import { hrefFor } from './router';
import type { RouteDef } from './route-def';
import type { Theme } from './theme';

interface SidebarProps {
  routes: readonly RouteDef[];
  active: RouteDef;
  theme: Theme;
  onToggleTheme: () => void;
  onShowShortcuts: () => void;
}

export function Sidebar({ routes, active, theme, onToggleTheme, onShowShortcuts }: SidebarProps) {
  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          S
        </span>
        <div>
          <div className="brand-name">SynthLab</div>
          <div className="brand-mode">{isDesktop() ? 'Desktop' : 'Browser mode'}</div>
        </div>
      </div>
      <nav aria-label="Pages">
        <ul className="nav-list">
          {routes.map((r) => (
            <li key={r.path}>
              <a className="nav-link" href={hrefFor(r.path)} aria-current={r === active ? 'page' : undefined}>
                <span className="nav-text">
                  <span className="nav-label">{r.label}</span>
                  <span className="nav-blurb">{r.blurb}</span>
                </span>
                <Kbd keys={['g', r.shortcutKey]} />
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-footer">
        <button
          type="button"
          className="button button-quiet theme-toggle"
          aria-pressed={theme === 'dark'}
          onClick={onToggleTheme}
        >
          <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span>
          <span>
            Dark theme
            {/* The state is aria-pressed for assistive technology; the words are for the eye. */}
            <span aria-hidden="true">: {theme === 'dark' ? 'on' : 'off'}</span>
          </span>
        </button>
        <p className="shortcut-help">
          {/* "/" only where the page has a search box for it. */}
          {active.search && (
            <>
              <Kbd keys={['/']} /> search ·{' '}
            </>
          )}
          <button type="button" className="link-button shortcut-link" onClick={onShowShortcuts}>
            <Kbd keys={['?']} /> shortcuts
          </button>
        </p>
      </div>
    </aside>
  );
}
