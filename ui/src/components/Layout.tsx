// The frame of every page: skip link, header with navigation and the user menu, the incident
// banner, the page itself and the footer. Moves the focus to the page on navigation.

import { useEffect, useRef, useState } from "react";
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigation } from "react-router";
import { loginUrl, logoutForm } from "../api/client";
import { useCurrentUser, usePlatformConfig } from "../api/queries";
import { displayName } from "../lib/format";
import { HeaderSearch } from "./HeaderSearch";
import { LazyMarkdown } from "./LazyMarkdown";

export function Logo() {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="6" fill="#fff" />
      <path d="M9 24V8h8a5 5 0 0 1 0 10h-3l6 6" fill="none" stroke="#0b3c5d" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** Logging out is a POST (the gateway's origin check keeps other sites from doing it). */
function LogoutForm() {
  const logout = logoutForm();
  return (
    <form method={logout.method} action={logout.action}>
      <input type="hidden" name="redirect_url" value={logout.redirectUrl} />
      <button type="submit" id="logout-link">
        Log out
      </button>
    </form>
  );
}

function UserMenu() {
  const { data: user } = useCurrentUser();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onDoc = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        setOpen(false);
        ref.current?.querySelector<HTMLButtonElement>("button")?.focus();
      }
    };
    document.addEventListener("mousedown", onDoc);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("mousedown", onDoc);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);
  if (!user) return null;
  return (
    <div className="menu" ref={ref}>
      <button
        type="button"
        className="button ghost-light small"
        aria-expanded={open}
        aria-controls="user-menu"
        id="user-menu-button"
        onClick={() => setOpen((o) => !o)}
      >
        <span aria-hidden="true">●</span> {user.username}
        <span className="visually-hidden"> (account menu)</span>
      </button>
      {open && (
        <ul className="menu-list" id="user-menu" aria-labelledby="user-menu-button">
          <li className="menu-head">
            Signed in as <strong>{displayName(user) || user.username}</strong>
            {user.is_admin && " (admin)"}
          </li>
          <li>
            <Link to={`/u/${user.username}`}>Your profile</Link>
          </li>
          <li>
            <Link to="/secrets">Your secrets</Link>
          </li>
          <li>
            <Link to="/projects/new">New project</Link>
          </li>
          <li>
            <Link to="/groups/new">New group</Link>
          </li>
          {user.is_admin && (
            <li>
              <Link to="/admin">Admin panel</Link>
            </li>
          )}
          <li>
            <LogoutForm />
          </li>
        </ul>
      )}
    </div>
  );
}

function Header() {
  const { data: user, isPending } = useCurrentUser();
  return (
    <header className="site-header">
      <div className="inner">
        <Link to="/" className="brand">
          <Logo />
          Renku
        </Link>
        <nav className="main-nav" aria-label="Main">
          <NavLink to="/" end>
            {user ? "Dashboard" : "Home"}
          </NavLink>
          <NavLink to="/projects">Projects</NavLink>
          <NavLink to="/groups">Groups</NavLink>
          {user?.is_admin && <NavLink to="/admin">Admin</NavLink>}
        </nav>
        <HeaderSearch />
        <div className="header-end">
          {isPending ? null : user ? (
            <UserMenu />
          ) : (
            <a className="button light small" href={loginUrl()} id="login-link">
              Log in
            </a>
          )}
        </div>
      </div>
    </header>
  );
}

export function IncidentBanner() {
  const { data } = usePlatformConfig();
  const text = data?.incident_banner?.trim();
  if (!text) return null;
  return (
    <div className="incident-banner" role="region" aria-label="Platform announcement">
      <div className="inner">
        <span aria-hidden="true">⚠</span>
        <LazyMarkdown text={text} />
      </div>
    </div>
  );
}

function RouteProgress() {
  const nav = useNavigation();
  if (nav.state === "idle") return null;
  return (
    <div className="visually-hidden" role="status">
      Loading page…
    </div>
  );
}

export default function Layout() {
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const shownPath = useRef(location.pathname);
  useEffect(() => {
    // After a navigation (not the first load), screen readers and keyboards continue at the new page.
    if (shownPath.current === location.pathname) return;
    shownPath.current = location.pathname;
    mainRef.current?.focus({ preventScroll: true });
  }, [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header />
      <IncidentBanner />
      <RouteProgress />
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="inner">
          <span>Renku in Java</span>
          <a href="/api/data/spec.json">API specification</a>
          <Link to="/help">Help</Link>
        </div>
      </footer>
      <ScrollRestoration />
    </>
  );
}
