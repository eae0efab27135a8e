import { Suspense, useEffect } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth, isStaff } from '../auth.tsx';
import { LOCALES } from '../i18n/index.ts';
import type { Locale } from '../api.ts';
import { Icon } from '../stations/icons.tsx';
import { Loading } from './ui.tsx';
import { NotificationBell } from '../cases/Notifications.tsx';
import { useOutboxSender } from '../cases/hooks.ts';

/** Language names are written in their own script, so a reader finds theirs whatever the page language. */
const AUTONYM: Record<Locale, { label: string; lang: string }> = {
  zh: { label: '中文', lang: 'zh-CN' },
  ug: { label: 'ئۇيغۇرچە', lang: 'ug' },
  en: { label: 'English', lang: 'en' },
};

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const { setLocale } = useAuth();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={AUTONYM[l].lang}
          dir={l === 'ug' ? 'rtl' : 'ltr'}
          aria-pressed={i18n.language === l}
          className={i18n.language === l ? 'active' : ''}
          data-locale={l}
          onClick={() => setLocale(l)}
        >
          {AUTONYM[l].label}
        </button>
      ))}
    </div>
  );
}

export function Layout() {
  const { t, i18n } = useTranslation();
  const { user, signOut } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  // A case filed while offline goes out from whichever page the worker is on when the network returns.
  useOutboxSender(user?.workerId ? user.id : null);

  // After each navigation, move focus to the page heading so screen-reader users hear where they are.
  useEffect(() => {
    const h = document.querySelector<HTMLElement>('main h1');
    if (h && location.key !== 'default') h.focus({ preventScroll: false });
    // On a phone the nav row scrolls sideways: bring the current page's link into view.
    document.querySelector('.main-nav a.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [location.pathname, location.key]);

  useEffect(() => {
    document.title = `${t('app.name')} · ${t('app.latinName')}`;
  }, [t, i18n.language]);

  const onSignOut = async () => {
    await signOut();
    navigate('/', { replace: true });
  };

  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="site-header">
        <div className="header-row">
          <Link to="/" className="brand" aria-label={`${t('app.name')} ${t('app.latinName')} — ${t('nav.home')}`}>
            <span className="brand-mark" aria-hidden="true">
              暖
            </span>
            <span className="brand-text">
              <span className="brand-name">暖新</span> <span className="brand-latin">Nuanxin</span>
            </span>
          </Link>
          {user ? (
            <span className="header-tools">
              <NotificationBell />
              <button type="button" className="btn btn-ghost btn-small" onClick={() => void onSignOut()}>
                {t('nav.signOut')}
              </button>
            </span>
          ) : (
            <Link className="btn btn-ghost btn-small" to="/login">
              {t('nav.signIn')}
            </Link>
          )}
        </div>
        <nav className="main-nav" aria-label={t('nav.main')}>
          <NavLink to="/stations" data-nav="stations" className="nav-stations">
            <Icon name="pin" size={18} /> {t('nav.stations')}
          </NavLink>
          {user?.workerId ? (
            <>
              <NavLink to="/me/cases" data-nav="cases">
                {t('nav.cases')}
              </NavLink>
              <NavLink to="/me/stations">{t('nav.myStations')}</NavLink>
              <NavLink to="/me/figures" data-nav="figures">
                {t('oversight.nav.myFigures')}
              </NavLink>
              <NavLink to="/me/union">{t('nav.union')}</NavLink>
              <NavLink to="/me/training" data-nav="growth">
                {t('nav.growth')}
              </NavLink>
              <NavLink to="/me" end>
                {t('nav.me')}
              </NavLink>
            </>
          ) : user ? (
            <>
              <NavLink to="/me/training" data-nav="growth">
                {t('nav.growth')}
              </NavLink>
              <NavLink to="/me" end>
                {t('nav.account')}
              </NavLink>
            </>
          ) : (
            <NavLink to="/training" data-nav="growth">
              {t('nav.growth')}
            </NavLink>
          )}
          {isStaff(user) ? <NavLink to="/console">{t('nav.console')}</NavLink> : null}
        </nav>
        <LanguageSwitcher />
      </header>
      <main id="main" className="site-main">
        {/* Staff pages are loaded when first opened: the header stays while they arrive. */}
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('app.footer')}</p>
      </footer>
    </>
  );
}
