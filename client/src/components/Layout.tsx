// The frame of every signed-in page: a skip link, the navigation, and the
// page's main region, which takes focus when the route changes so that
// screen readers and keyboards start at the new page.

import { useEffect, useRef, type ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router';
import { logout } from '../api/auth';
import { useSession } from '../api/hooks';
import { ThemePicker } from './Theme';

const LINKS = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/records', label: 'Records', end: false },
  { to: '/meters', label: 'Meters', end: false },
  { to: '/tariffs', label: 'Tariffs', end: false },
  { to: '/playground', label: 'Playground', end: false },
  { to: '/settings', label: 'Settings', end: false },
];

export function Layout({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  const s = useSession();
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className={`topbar__inner${wide ? ' topbar__inner--wide' : ''}`}>
          <NavLink to="/" className="brand" aria-label="Consumption, dashboard">
            <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
              <rect width="32" height="32" rx="6" fill="currentColor" />
              <path d="M18 4 8 18h7l-2 10 11-15h-7z" className="brand__bolt" />
            </svg>
            <span>Consumption</span>
          </NavLink>
          <nav aria-label="Main">
            <ul className="nav">
              {LINKS.map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to} end={l.end} className="nav__link">
                    {l.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="topbar__user">
            <ThemePicker />
            <span className="topbar__email" title={s?.user.email}>
              {s?.user.email}
            </span>
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => void logout()}
            >
              Log out
            </button>
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className={wide ? 'page page--wide' : 'page'}>
        {children}
      </main>
    </>
  );
}
