import { useTranslation } from 'react-i18next';
import type { RoleGrant } from '../api.ts';

export function RolesList({ roles }: { roles: RoleGrant[] }) {
  const { t } = useTranslation();
  return (
    <ul className="roles">
      {roles.map((r, i) => (
        <li key={`${r.role}-${r.orgId}-${i}`} data-role={r.role}>
          <strong>{t(`roles.${r.role}`, { defaultValue: r.role })}</strong>
          <span className="muted">{r.orgName ?? (r.orgId ? r.orgId : t('console.noOrg'))}</span>
        </li>
      ))}
    </ul>
  );
}
