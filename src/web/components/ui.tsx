import { useId, type ReactNode, type InputHTMLAttributes, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

/** Numbers, phone numbers, plates and codes stay left-to-right inside Uyghur text. */
export function Ltr({ children }: { children: ReactNode }) {
  return <bdi dir="ltr">{children}</bdi>;
}

export function Alert({ children, kind = 'error' }: { children: ReactNode; kind?: 'error' | 'success' | 'info' | 'warning' }) {
  if (!children) return null;
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' || kind === 'warning' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

type FieldShell = { label: ReactNode; hint?: ReactNode; error?: string | undefined; optional?: boolean };

function Shell({ id, label, hint, error, optional, children }: FieldShell & { id: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional ? <span className="optional"> {t('common.optional')}</span> : null}
      </label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

const describedBy = (id: string, hint: unknown, error: unknown) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function TextField({ label, hint, error, optional, id: givenId, ...rest }: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  const auto = useId();
  const id = givenId ?? auto;
  return (
    <Shell id={id} label={label} hint={hint} error={error} optional={optional}>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...rest} />
    </Shell>
  );
}

export function SelectField({ label, hint, error, optional, id: givenId, children, ...rest }: FieldShell & SelectHTMLAttributes<HTMLSelectElement>) {
  const auto = useId();
  const id = givenId ?? auto;
  return (
    <Shell id={id} label={label} hint={hint} error={error} optional={optional}>
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...rest}>
        {children}
      </select>
    </Shell>
  );
}

export function TextAreaField({ label, hint, error, optional, id: givenId, ...rest }: FieldShell & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const auto = useId();
  const id = givenId ?? auto;
  return (
    <Shell id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} {...rest} />
    </Shell>
  );
}

/** A group of checkboxes or radios with a visible legend. */
export function Choices({ legend, hint, error, children, optional }: { legend: ReactNode; hint?: ReactNode; error?: string | undefined; children: ReactNode; optional?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <fieldset className={`field choices${error ? ' field-invalid' : ''}`} aria-describedby={describedBy(id, hint, error)}>
      <legend>
        {legend}
        {optional ? <span className="optional"> {t('common.optional')}</span> : null}
      </legend>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** Lists every field problem at the top of a form, so a screen-reader user hears them all at once. */
export function ErrorSummary({ title, errors }: { title: string; errors: Record<string, string> }) {
  const items = Object.entries(errors);
  if (!items.length) return null;
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{title}</p>
      <ul>
        {[...new Set(items.map(([, m]) => m))].map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
