import { Link, Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth, homeFor } from '../auth.tsx';
import { Icon } from '../stations/icons.tsx';

export function Home() {
  const { t } = useTranslation();
  const { user, ready } = useAuth();
  if (ready && user) return <Navigate to={homeFor(user)} replace />;
  return (
    <section className="home">
      <h1 tabIndex={-1}>{t('home.title')}</h1>
      <Link className="stations-entry" to="/stations" data-testid="stations-entry">
        <Icon name="pin" size={34} />
        <span>
          <strong>{t('home.stationsTitle')}</strong>
          <span>{t('home.stationsText')}</span>
        </span>
      </Link>
      <p className="lead">{t('home.lead')}</p>
      <div className="stack">
        <Link className="btn btn-primary btn-block" to="/register">
          {t('home.register')}
        </Link>
        <Link className="btn btn-secondary btn-block" to="/login">
          {t('home.signIn')}
        </Link>
      </div>
      <h2>{t('home.whatTitle')}</h2>
      <ul className="feature-list">
        <li>
          <strong>{t('home.unionTitle')}</strong>
          <span>{t('home.unionText')}</span>
        </li>
        <li>
          <strong>{t('home.cardTitle')}</strong>
          <span>{t('home.cardText')}</span>
        </li>
        <li>
          <strong>{t('home.rightsTitle')}</strong>
          <span>{t('home.rightsText')}</span>
        </li>
      </ul>
      <p className="muted">{t('home.staffHint')}</p>
    </section>
  );
}
