import { Suspense, useEffect, type ReactNode } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth.tsx';
import { RolesList } from './RolesList.tsx';
import { Loading } from '../components/ui.tsx';
import { LATER_ROLES, modulesFor, type ConsoleModule } from './modules.ts';

const navKey: Record<ConsoleModule['path'], string> = {
  cases: 'console.nav.cases',
  systemic: 'console.nav.systemic',
  'case-dashboard': 'console.nav.caseDashboard',
  legal: 'console.nav.legal',
  aggregates: 'console.nav.aggregates',
  scorecard: 'oversight.nav.scorecard',
  enforcement: 'oversight.nav.enforcement',
  registry: 'oversightRegistry.nav.registry',
  rules: 'oversightRegistry.nav.rules',
  stations: 'console.nav.stations',
  consultations: 'console.nav.consultations',
  applications: 'console.nav.applications',
  workers: 'console.nav.workers',
  verify: 'console.nav.verify',
  parking: 'console.nav.parking',
  'parking-gate': 'console.nav.parkingGate',
  training: 'training.console.title',
  jobs: 'jobs.console.title',
  incubator: 'incubator.title',
  users: 'console.nav.users',
  'api-keys': 'console.nav.apiKeys',
  audit: 'console.nav.audit',
  policy: 'policy.nav',
  'agency-figures': 'agency.nav',
  observatory: 'stats.nav',
  campaign: 'campaign.nav',
};

/** The console frame: a section menu built from the signed-in user's roles. */
export function ConsoleLayout() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const mods = modulesFor(user);
  const { pathname } = useLocation();
  // On a phone the menu scrolls sideways: keep the current section in view.
  useEffect(() => {
    document.querySelector('.console-nav a.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [pathname]);
  return (
    <div className="console">
      <nav className="console-nav" aria-label={t('console.navLabel')}>
        <NavLink to="/console" end>
          {t('console.nav.home')}
        </NavLink>
        {mods.map((m) => (
          <NavLink key={m.path} to={`/console/${m.path}`}>
            {t(navKey[m.path])}
          </NavLink>
        ))}
      </nav>
      <Suspense fallback={<Loading />}>
        <Outlet />
      </Suspense>
    </div>
  );
}

export function ConsoleHome() {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!user) return null;
  const mods = modulesFor(user);
  const later = LATER_ROLES.filter((r) => user.roles.some((g) => g.role === r));
  return (
    <section>
      <h1 tabIndex={-1}>{t('console.title')}</h1>
      <p className="lead">{t('console.hello', { name: user.name })}</p>
      <h2>{t('console.yourRoles')}</h2>
      <RolesList roles={user.roles.filter((r) => r.role !== 'worker')} />
      {mods.length ? (
        <>
          <h2>{t('console.modulesTitle')}</h2>
          <ul className="module-list">
            {mods.map((m) => (
              <li key={m.path}>
                <Link className="module-link" to={`/console/${m.path}`}>
                  <strong>{t(navKey[m.path])}</strong>
                  <span>{t(`console.about.${m.path.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {later.length ? (
        <div className="panel" data-testid="later-modules">
          <p className="panel-title">{t('console.laterTitle')}</p>
          <ul>
            {later.map((r) => (
              <li key={r}>
                <strong>{t(`roles.${r}`)}</strong>: {t(`console.later.${r}`)}
              </li>
            ))}
          </ul>
          <p>{t('console.laterNote')}</p>
        </div>
      ) : null}
    </section>
  );
}

// Kept with the other guards so the app's routes need not load the console to check a role.
export { RequireRole } from '../components/Guards.tsx';
