import type { ReactNode } from 'react';
import { Navigate, useLocation, Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth, isStaff } from '../auth.tsx';
import { Loading } from './ui.tsx';

/** Pages behind sign-in send an anonymous visitor to /login and back again afterwards. */
export function RequireUser({ children }: { children: ReactNode }) {
  const { user, ready, signedOut } = useAuth();
  const location = useLocation();
  if (!ready) return <Loading />;
  // Signing out on a guarded page goes home; only a visitor who still needs to sign in is sent to /login.
  if (!user && signedOut) return <Navigate to="/" replace />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

export function RequireWorker({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const { t } = useTranslation();
  if (!user?.workerId) {
    return (
      <section>
        <h1 tabIndex={-1}>{t('guard.workerOnlyTitle')}</h1>
        <p>{t('guard.workerOnly')}</p>
        {isStaff(user) ? (
          <Link className="btn btn-primary" to="/console">
            {t('nav.console')}
          </Link>
        ) : null}
      </section>
    );
  }
  return <>{children}</>;
}

export function RequireStaff({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const { t } = useTranslation();
  if (!isStaff(user)) {
    return (
      <section>
        <h1 tabIndex={-1}>{t('guard.staffOnlyTitle')}</h1>
        <p>{t('guard.staffOnly')}</p>
        <Link className="btn btn-primary" to="/me/union">
          {t('nav.union')}
        </Link>
      </section>
    );
  }
  return <>{children}</>;
}

/** A console page opens only for the roles listed; anyone else gets an honest refusal. */
export function RequireRole({ roles, children }: { roles: readonly string[]; children: ReactNode }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  if (!user?.roles.some((r) => roles.includes(r.role))) {
    return (
      <section>
        <h1 tabIndex={-1}>{t('console.notForRoleTitle')}</h1>
        <p>{t('console.notForRole')}</p>
      </section>
    );
  }
  return <>{children}</>;
}
