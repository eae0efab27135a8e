import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Application, type Card, type Membership, type Union, type WorkerProfile } from '../api.ts';
import { loadReference, loadUnions, useLoad } from '../data.ts';
import { formatDate, nameOf } from '../i18n/index.ts';
import { bannerText, errorMessage, noticeText, type Banner, type Notice } from '../errors.ts';
import { Alert, Loading, Ltr, TextAreaField } from '../components/ui.tsx';

type Mine = { memberships: Membership[]; applications: Application[] };

async function loadAll() {
  const [mine, card, unions, reference, me] = await Promise.all([
    api<Mine>('GET', '/api/memberships/me'),
    api<Card>('GET', '/api/memberships/me/card').catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }),
    loadUnions(),
    loadReference(),
    api<{ worker: WorkerProfile }>('GET', '/api/workers/me').then((r) => r.worker),
  ]);
  // Unions in the worker's own city first.
  const sorted = [...unions].sort((a, b) => Number(b.cityCode === me.cityCode) - Number(a.cityCode === me.cityCode));
  return { mine, card, unions: sorted, reference, cityCode: me.cityCode };
}

export function MyUnion() {
  const { t, i18n } = useTranslation();
  const l = i18n.language;
  const [params] = useSearchParams();
  const data = useLoad(loadAll);
  const [notice, setNotice] = useState<Notice>(null);

  if (data.loading && !data.data) return <Loading />;
  if (!data.data) return <Alert>{errorMessage(t, data.error)}</Alert>;
  const { mine, card, unions, reference, cityCode } = data.data;
  const current = mine.memberships.find((m) => !m.endedAt) ?? null;
  const past = mine.memberships.filter((m) => m.endedAt);
  const pending = mine.applications.filter((a) => a.status === 'pending');
  const cityName = (code: string) => nameOf(reference.cities.find((c) => c.code === code), l);

  return (
    <section>
      <h1 tabIndex={-1}>{t('union.title')}</h1>
      {params.get('welcome') ? <Alert kind="success">{t('union.welcome')}</Alert> : null}
      {notice ? <Alert kind="success">{noticeText(t, notice)}</Alert> : null}

      {card ? (
        <MemberCard card={card} l={l} />
      ) : (
        <div className="panel">
          <p className="panel-title">{t('union.noCardTitle')}</p>
          <p>{pending.length ? t('union.noCardPending') : t('union.noCard')}</p>
        </div>
      )}

      <h2>{t('union.applicationsTitle')}</h2>
      {mine.applications.length ? (
        <ul className="cards" data-testid="my-applications">
          {mine.applications.map((a) => (
            <li key={a.id} className="item">
              <div className="item-head">
                <strong>{a.unionName}</strong>
                <StatusBadge status={a.status} />
              </div>
              <p className="muted small">
                {a.transferFromUnionId ? t('union.transferRequest') : t('union.joinRequest')} · {t('union.appliedOn')} <Ltr>{formatDate(a.createdAt, l)}</Ltr>
                {a.decidedAt ? (
                  <>
                    {' '}
                    · {t('union.decidedOn')} <Ltr>{formatDate(a.decidedAt, l)}</Ltr>
                  </>
                ) : null}
              </p>
              {a.note ? (
                <p className="small">
                  {t('fields.note')}: {a.note}
                </p>
              ) : null}
              {a.status === 'rejected' && a.reason ? (
                <p className="reason">
                  {t('union.rejectedReason')}: {a.reason}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('union.noApplications')}</p>
      )}

      <h2>{current ? t('union.transferTitle') : t('union.applyTitle')}</h2>
      <p className="muted">{current ? t('union.transferIntro') : t('union.applyIntro')}</p>
      <ul className="cards" data-testid="unions">
        {unions.map((u) => (
          <UnionItem
            key={u.id}
            union={u}
            city={cityName(u.cityCode)}
            inMyCity={u.cityCode === cityCode}
            isMember={current?.unionId === u.id}
            isPending={pending.some((a) => a.unionId === u.id)}
            hasOtherPending={pending.length > 0}
            isTransfer={!!current && current.unionId !== u.id}
            onApplied={(msg) => {
              setNotice(msg);
              void data.reload();
            }}
          />
        ))}
      </ul>

      <h2>{t('union.historyTitle')}</h2>
      {mine.memberships.length ? (
        <ul className="cards" data-testid="membership-history">
          {[...(current ? [current] : []), ...past].map((m) => (
            <li key={m.id} className="item">
              <div className="item-head">
                <strong>{m.unionName}</strong>
                <span className={`badge ${m.endedAt ? 'badge-muted' : 'badge-ok'}`}>{m.endedAt ? t('union.ended') : t('union.active')}</span>
              </div>
              <p className="small">
                {t('card.number')}: <Ltr>{m.membershipNo}</Ltr>
              </p>
              <p className="muted small">
                {t('card.since')} <Ltr>{formatDate(m.since, l)}</Ltr>
                {m.endedAt ? (
                  <>
                    {' '}
                    · {t('union.endedOn')} <Ltr>{formatDate(m.endedAt, l)}</Ltr>
                    {m.endReason ? ` · ${t(`union.endReason.${m.endReason}`, { defaultValue: t('union.endReason.other') })}` : ''}
                  </>
                ) : null}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('union.noHistory')}</p>
      )}
    </section>
  );
}

function MemberCard({ card, l }: { card: Card; l: string }) {
  const { t } = useTranslation();
  // The QR code is an SVG the server generated; as an <img> it cannot run script.
  const qr = `data:image/svg+xml;utf8,${encodeURIComponent(card.qrSvg)}`;
  return (
    <article className="member-card" aria-labelledby="card-title">
      <p className="member-card-kicker" id="card-title">
        {t('card.title')}
      </p>
      <p className="member-card-union">{card.unionName}</p>
      <div className="member-card-body">
        <dl>
          <div>
            <dt>{t('fields.name')}</dt>
            <dd>{card.name}</dd>
          </div>
          <div>
            <dt>{t('card.number')}</dt>
            <dd>
              <Ltr>{card.membershipNo}</Ltr>
            </dd>
          </div>
          <div>
            <dt>{t('card.since')}</dt>
            <dd>
              <Ltr>{formatDate(card.since, l)}</Ltr>
            </dd>
          </div>
        </dl>
        <img className="qr" src={qr} alt={t('card.qrAlt')} width={184} height={184} />
      </div>
      <p className="member-card-foot">{t('card.showHint')}</p>
      <p className="member-card-code">
        {t('card.code')}: <Ltr>{card.verifyToken}</Ltr>
      </p>
    </article>
  );
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const cls = status === 'approved' ? 'badge-ok' : status === 'rejected' ? 'badge-bad' : 'badge-wait';
  return <span className={`badge ${cls}`}>{t(`status.${status}`, { defaultValue: status })}</span>;
}

type UnionItemProps = {
  union: Union;
  city: string;
  inMyCity: boolean;
  isMember: boolean;
  isPending: boolean;
  hasOtherPending: boolean;
  isTransfer: boolean;
  onApplied: (notice: Notice) => void;
};

function UnionItem({ union: u, city, inMyCity, isMember, isPending, hasOtherPending, isTransfer, onApplied }: UnionItemProps) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Banner>(null);

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `/api/unions/${u.id}/applications`, note.trim() ? { note: note.trim() } : {});
      setOpen(false);
      onApplied({ key: isTransfer ? 'union.transferSent' : 'union.applySent', params: { union: u.name } });
    } catch (err) {
      setError({ err, overrides: { conflict: 'union.applyConflict' } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="item" data-union-id={u.id}>
      <div className="item-head">
        <strong>{u.name}</strong>
        <span className="badge badge-muted">{t(`unionKind.${u.kind}`)}</span>
      </div>
      <p className="muted small">
        {city}
        {inMyCity ? <span className="badge badge-ok badge-inline">{t('union.inYourCity')}</span> : null}
        {u.foundedOn ? (
          <>
            {' '}
            · {t('union.founded')} <Ltr>{formatDate(u.foundedOn, i18n.language)}</Ltr>
          </>
        ) : null}{' '}
        · <span className="nowrap">{t('union.members', { count: u.memberCount })}</span>
      </p>
      <Alert>{bannerText(t, error)}</Alert>
      {isMember ? (
        <p className="badge badge-ok">{t('union.youAreMember')}</p>
      ) : isPending ? (
        <p className="badge badge-wait">{t('union.pendingHere')}</p>
      ) : open ? (
        <div className="inline-form">
          <TextAreaField label={t('fields.note')} optional hint={t('union.noteHint')} value={note} maxLength={500} rows={2} onChange={(e) => setNote(e.target.value)} />
          <div className="actions">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void apply()}>
              {busy ? t('common.working') : isTransfer ? t('union.confirmTransfer') : t('union.confirmApply')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : hasOtherPending ? (
        <p className="muted small">{t('union.onePending')}</p>
      ) : (
        <button type="button" className="btn btn-primary btn-block" onClick={() => setOpen(true)} aria-label={`${isTransfer ? t('union.transfer') : t('union.apply')}: ${u.name}`}>
          {isTransfer ? t('union.transfer') : t('union.apply')}
        </button>
      )}
    </li>
  );
}
