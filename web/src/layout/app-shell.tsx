import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { Button } from '../design/button';
import { ThemeToggle } from './app-shell-theme';
import { useRole, useSession, useSignOut } from '../session/session';

/**
 * The history entry the document was loaded on. The router keeps its entry key in
 * `history.state`, so a reload comes back with the same key; a fresh load has none ("default").
 */
const PAGE_LOAD_ENTRY_KEY = (window.history.state as { key?: string } | null)?.key ?? 'default';

/** Header with navigation, then the screen. Moves focus to the screen's heading on navigation. */
export function AppShell() {
  const session = useSession();
  const { isAdmin } = useRole();
  const signOut = useSignOut();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);

  useEffect(() => {
    // Screen readers hear the new screen's title; keyboard users start from it (not from the
    // link or button they pressed, which may be gone). Not on the entry the page was loaded
    // (or reloaded) on: there the skip link stays the first stop.
    if (location.key === PAGE_LOAD_ENTRY_KEY || !main.current) return;
    return focusHeadingWhenShown(main.current);
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

/**
 * Focuses the screen's h1, now or, for a screen still loading its code or data, as soon as it
 * appears. Returns the clean-up that stops waiting when the person navigates on first.
 */
function focusHeadingWhenShown(main: HTMLElement): () => void {
  const focus = (): boolean => {
    const heading = main.querySelector('h1');
    if (!heading) return false;
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: true });
    return true;
  };
  if (focus()) return () => undefined;
  const observer = new MutationObserver(() => {
    if (focus()) observer.disconnect();
  });
  observer.observe(main, { childList: true, subtree: true });
  return () => observer.disconnect();
}
