// The page frame: a skip link, the navigation (collapsing behind a Menu button on narrow
// screens) with language and theme switchers, and the main landmark. What the navigation
// lists and who is signed in come from the app (src/app), so this stays feature-free.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { NavLink, useLocation } from 'react-router';
import type { Role } from '@/lib/domain';
import { LANGUAGES, isLanguage, useI18n, type Language, type MessageKey } from '@/lib/i18n';
import { useTheme } from '@/lib/theme';
import { Button } from '../ui/button';
import './app-layout.css';

export type NavItem = { to: string; label: MessageKey; end?: boolean };

type Props = {
  nav: readonly NavItem[];
  user?: { username: string; role: Role } | null;
  /** Shown in the navigation bar beside the links (the unread badge). */
  extra?: ReactNode;
  onLogout?: () => void;
  /** Called after the language changed (the app saves it to the profile). */
  onLanguageChange?: (language: Language) => void;
  children: ReactNode;
};

export function AppLayout({ nav, user, extra, onLogout, onLanguageChange, children }: Props) {
  const { t, language, setLanguage } = useI18n();
  const { theme, toggleTheme } = useTheme();
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const [lastPath, setLastPath] = useState(location.pathname);
  if (lastPath !== location.pathname) {
    // Close the phone menu after navigating.
    setLastPath(location.pathname);
    setOpen(false);
  }
  const main = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);
  useEffect(() => {
    // After moving to another page, start keyboard and screen-reader users at its content
    // (not on the first load: the page may focus a field itself).
    if (location.pathname !== firstPath.current) {
      firstPath.current = '';
      main.current?.focus();
    }
  }, [location.pathname]);
  return (
    <div className="app">
      <a className="skip-link" href="#main">{t('app.skip')}</a>
      <header className="topbar">
        <div className="topbar__inner">
          <NavLink to="/" className="brand">{t('app.name')}</NavLink>
          {extra ? <div className="topbar__extra">{extra}</div> : null}
          <Button variant="ghost" className="menu-button" aria-expanded={open} aria-controls="main-nav" onClick={() => setOpen(!open)}>
            {t('nav.menu')}
          </Button>
          <nav id="main-nav" className={open ? 'mainnav mainnav--open' : 'mainnav'} aria-label={t('nav.main')}>
            <ul className="mainnav__links">
              {nav.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end}>{t(item.label)}</NavLink>
                </li>
              ))}
            </ul>
            <div className="mainnav__tools">
              <label className="inline-field">
                <span>{t('nav.language')}</span>
                <select
                  value={language}
                  onChange={(event) => {
                    const next = event.target.value;
                    if (!isLanguage(next)) return;
                    setLanguage(next);
                    onLanguageChange?.(next);
                  }}
                >
                  {LANGUAGES.map((code) => <option key={code} value={code}>{t(`language.${code}`)}</option>)}
                </select>
              </label>
              <Button variant="ghost" onClick={toggleTheme}>
                {theme === 'dark' ? t('nav.themeToLight') : t('nav.themeToDark')}
              </Button>
              {user ? (
                <>
                  <span className="mainnav__user">{t('nav.signedInAs', { name: user.username, role: t(`role.${user.role}`) })}</span>
                  {onLogout ? <Button variant="secondary" onClick={onLogout}>{t('nav.logout')}</Button> : null}
                </>
              ) : null}
            </div>
          </nav>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1} ref={main}>{children}</main>
    </div>
  );
}

/** The frame for pages without a signed-in user (the login page). */
export function PlainLayout({ children }: { children: ReactNode }) {
  return <AppLayout nav={[]}>{children}</AppLayout>;
}
