import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { Button } from '../design/button';
import { ThemeToggle } from './app-shell-theme';
import { useRole, useSession, useSignOut } from '../session/session';

/** Header with navigation, then the screen. Moves focus to the screen's heading on navigation. */
export function AppShell() {
  const session = useSession();
  const { isAdmin } = useRole();
  const signOut = useSignOut();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    // Screen readers hear the new screen's title; keyboard users start from it (not from the
    // link they pressed, which may be gone).
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = main.current?.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header__inner">
          <NavLink to="/customers" className="brand">
            <img src="/favicon.svg" alt="" />
            Shop customers
          </NavLink>
          <nav className="app-nav" aria-label="Main">
            <NavLink to="/customers">Customers</NavLink>
            {isAdmin && <NavLink to="/imports">Imports</NavLink>}
            {isAdmin && <NavLink to="/admin">Administration</NavLink>}
            <NavLink to="/account">Account</NavLink>
          </nav>
          <div className="app-header__end">
            <span
              className="muted"
              aria-label={`Signed in as ${session.user.name}, ${session.user.role}`}
            >
              {session.user.name}
            </span>
            <ThemeToggle />
            <Button small onClick={() => void signOut()}>
              Sign out
            </Button>
          </div>
        </div>
      </header>
      <main id="main" className="app-main" ref={main}>
        <Outlet />
      </main>
    </>
  );
}
