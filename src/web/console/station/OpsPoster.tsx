import { useMemo } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api.ts';
import { useAuth } from '../../auth.tsx';
import { useLoad } from '../../data.ts';
import { errorMessage } from '../../errors.ts';
import { Alert, Loading } from '../../components/ui.tsx';
import { encodeText, qrSvgPath } from '../../stations/qr.ts';
import { stationsOf } from '../modules.ts';

/** The check-in poster: a QR code of `<origin>/visit/<token>` drawn here, the link as text, and a print button. */
export function OpsPoster() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const { user } = useAuth();
  const name = stationsOf(user).find((s) => s.id === id)?.name ?? '';
  const code = useLoad(() => api<{ token: string }>('GET', `/api/stations/${id}/checkin-code`).then((r) => r.token), [id]);
  const url = code.data ? `${window.location.origin}/visit/${code.data}` : null;
  const qr = useMemo(() => (url ? qrSvgPath(encodeText(url, 'Q')) : null), [url]);

  if (code.loading && !code.data) return <Loading />;
  if (!url || !qr) return <Alert>{errorMessage(t, code.error)}</Alert>;
  return (
    <section>
      <h1 tabIndex={-1} className="no-print">
        {t('ops.poster.title')}
      </h1>
      <p className="muted no-print">{t('ops.poster.intro')}</p>
      <div className="poster" data-testid="poster">
        <p className="poster-kicker">{t('ops.poster.kicker')}</p>
        <p className="poster-name">{name}</p>
        <svg className="poster-qr" viewBox={qr.viewBox} role="img" aria-label={t('ops.poster.qrAlt')} shapeRendering="crispEdges" data-url={url}>
          <rect width="100%" height="100%" fill="#fff" />
          <path d={qr.d} fill="#000" />
        </svg>
        {/* The poster hangs at the door for everyone: the instruction in all three languages. */}
        <p className="poster-how" lang="zh-CN" dir="ltr">
          {i18n.getFixedT('zh')('ops.poster.how')}
        </p>
        <p className="poster-how" lang="ug" dir="rtl">
          {i18n.getFixedT('ug')('ops.poster.how')}
        </p>
        <p className="poster-how" lang="en" dir="ltr">
          {i18n.getFixedT('en')('ops.poster.how')}
        </p>
        <p className="poster-url" dir="ltr">
          <code data-testid="checkin-url">{url}</code>
        </p>
      </div>
      <div className="actions no-print">
        <button type="button" className="btn btn-primary btn-block" onClick={() => window.print()}>
          {t('ops.poster.print')}
        </button>
      </div>
    </section>
  );
}
