import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, qs } from '../api.ts';
import { formatDate } from '../i18n/index.ts';
import { bannerText, type Banner } from '../errors.ts';
import { Alert, Loading, Ltr, SelectField, TextField } from '../components/ui.tsx';
import { origins, productCategories, productSorts, yuan } from '../../shared/incubator.ts';
import type { Product, ProductPage } from './types.ts';
import './incubator.css';

type Filters = { q: string; category: string; origin: string; priceMin: string; priceMax: string; commissionMin: string; inStock: boolean; passed: boolean; ratingMin: string; sort: string };
const empty: Filters = { q: '', category: '', origin: '', priceMin: '', priceMax: '', commissionMin: '', inStock: false, passed: false, ratingMin: '', sort: 'relevance' };
const toFen = (s: string) => (s.trim() === '' || Number.isNaN(Number(s)) ? undefined : Math.round(Number(s) * 100));

/** The product library's search: text and filters, sorted and paged; each result can carry actions. */
export function ProductSearch({ endpoint, actions, refreshKey = 0 }: { endpoint: string; actions?: (p: Product, reload: () => void) => ReactNode; refreshKey?: number }) {
  const { t, i18n } = useTranslation();
  const [f, setF] = useState<Filters>(empty);
  const [applied, setApplied] = useState<Filters>(empty);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<ProductPage | null>(null);
  const [error, setError] = useState<Banner>(null);

  const load = useCallback(async () => {
    try {
      const a = applied;
      setError(null);
      setData(
        await api<ProductPage>(
          'GET',
          endpoint +
            qs({
              q: a.q.trim() || undefined,
              category: a.category || undefined,
              origin: a.origin || undefined,
              priceMin: toFen(a.priceMin),
              priceMax: toFen(a.priceMax),
              commissionMin: toFen(a.commissionMin),
              inStock: a.inStock ? 'true' : undefined,
              passed: a.passed ? 'true' : undefined,
              ratingMin: a.ratingMin || undefined,
              sort: a.sort,
              page,
              pageSize: 10,
            }),
        ),
      );
    } catch (err) {
      setError({ err });
    }
  }, [applied, page, endpoint]);
  useEffect(() => void load(), [load, refreshKey]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setPage(1);
    setApplied({ ...f });
  };
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => setF((x) => ({ ...x, [k]: v }));
  const l = i18n.language;
  const nameIn = (p: Product) => (l === 'ug' && p.nameUg ? p.nameUg : l === 'en' && p.nameEn ? p.nameEn : p.name);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  return (
    <div>
      <form onSubmit={submit} role="search" data-testid="product-search">
        <TextField label={t('incubator.products.q')} hint={t('incubator.products.qHint')} value={f.q} onChange={(e) => set('q', e.target.value)} name="q" type="search" />
        <details>
          <summary>{t('incubator.products.filters')}</summary>
          <div className="inc-filters">
            <SelectField label={t('incubator.products.category')} value={f.category} onChange={(e) => set('category', e.target.value)} name="category">
              <option value="">{t('incubator.any')}</option>
              {productCategories.map((c) => (
                <option key={c} value={c}>
                  {t(`incubator.categories.${c}`)}
                </option>
              ))}
            </SelectField>
            <SelectField label={t('incubator.products.origin')} value={f.origin} onChange={(e) => set('origin', e.target.value)} name="origin">
              <option value="">{t('incubator.any')}</option>
              {origins.map((c) => (
                <option key={c} value={c}>
                  {t(`incubator.origins.${c}`)}
                </option>
              ))}
            </SelectField>
            <TextField label={t('incubator.products.priceMin')} inputMode="decimal" value={f.priceMin} onChange={(e) => set('priceMin', e.target.value)} name="priceMin" />
            <TextField label={t('incubator.products.priceMax')} inputMode="decimal" value={f.priceMax} onChange={(e) => set('priceMax', e.target.value)} name="priceMax" />
            <TextField label={t('incubator.products.commissionMin')} inputMode="decimal" value={f.commissionMin} onChange={(e) => set('commissionMin', e.target.value)} name="commissionMin" />
            <SelectField label={t('incubator.products.ratingMin')} value={f.ratingMin} onChange={(e) => set('ratingMin', e.target.value)} name="ratingMin">
              <option value="">{t('incubator.any')}</option>
              {['3', '3.5', '4', '4.5'].map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </SelectField>
            <label className="span-2">
              <input type="checkbox" checked={f.inStock} onChange={(e) => set('inStock', e.target.checked)} name="inStock" /> {t('incubator.products.inStock')}
            </label>
            <label className="span-2">
              <input type="checkbox" checked={f.passed} onChange={(e) => set('passed', e.target.checked)} name="passed" /> {t('incubator.products.passed')}
            </label>
          </div>
        </details>
        <SelectField label={t('incubator.products.sort')} value={f.sort} onChange={(e) => set('sort', e.target.value)} name="sort">
          {productSorts.map((s) => (
            <option key={s} value={s}>
              {t(`incubator.sorts.${s}`)}
            </option>
          ))}
        </SelectField>
        <div className="inc-actions">
          <button className="btn btn-primary" type="submit">
            {t('incubator.search')}
          </button>
          <button
            className="btn btn-ghost"
            type="button"
            onClick={() => {
              setF(empty);
              setApplied(empty);
              setPage(1);
            }}
          >
            {t('incubator.reset')}
          </button>
        </div>
      </form>
      <Alert>{bannerText(t, error)}</Alert>
      {!data ? (
        <Loading />
      ) : (
        <>
          <p className="muted" data-testid="product-total">
            {t('incubator.total', { count: data.total })}
          </p>
          {data.items.length ? (
            <ul className="inc-cards" data-testid="product-results">
              {data.items.map((p) => (
                <li key={p.id} className="inc-card" data-testid="product-card">
                  <h3 dir="auto">{nameIn(p)}</h3>
                  <p className="muted small" dir="auto">
                    {p.supplier} · {t(`incubator.origins.${p.origin}`)} {p.originPlace} · {t(`incubator.categories.${p.category}`)}
                  </p>
                  <p className="inc-meta">
                    <span>
                      {t('incubator.products.price')}{' '}
                      <span className="inc-money">
                        <Ltr>{t('incubator.yuan', { yuan: yuan(p.priceFen) })}</Ltr>
                      </span>
                    </span>
                    <span>
                      {t('incubator.products.commission')}{' '}
                      <span className="inc-money">
                        <Ltr>{t('incubator.yuan', { yuan: yuan(p.commissionFen) })}</Ltr>
                      </span>
                    </span>
                    <span>{p.stock > 0 ? t('incubator.products.stockCount', { count: p.stock }) : t('incubator.products.outOfStock')}</span>
                    <span>{p.rating === null ? t('incubator.products.unrated') : t('incubator.products.rating', { rating: p.rating.toFixed(1) })}</span>
                  </p>
                  <p className="inc-meta">
                    <span className={`badge ${p.checkResult === 'pass' ? 'badge-ok' : p.checkResult === 'fail' ? 'badge-bad' : 'badge-muted'}`} data-testid="check-badge">
                      {p.checkResult === 'pass' ? t('incubator.products.checkPass') : p.checkResult === 'fail' ? t('incubator.products.checkFail') : t('incubator.products.unchecked')}
                    </span>
                    {p.checkedOn ? <span className="muted small">{t('incubator.products.checkedOn', { date: formatDate(p.checkedOn, l) })}</span> : null}
                  </p>
                  {actions ? actions(p, () => void load()) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('incubator.none')}</p>
          )}
          <div className="inc-pager">
            <button className="btn btn-secondary btn-small" type="button" disabled={page <= 1} onClick={() => setPage((x) => x - 1)}>
              {t('incubator.prev')}
            </button>
            <span className="muted small">{t('incubator.page', { page, pages })}</span>
            <button className="btn btn-secondary btn-small" type="button" disabled={page >= pages} onClick={() => setPage((x) => x + 1)}>
              {t('incubator.next')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}

/** /products: the public library, no supplier contacts. */
export function PublicProducts() {
  const { t } = useTranslation();
  return (
    <section>
      <h1 tabIndex={-1}>{t('incubator.public.title')}</h1>
      <p className="lead">{t('incubator.public.lead')}</p>
      <ProductSearch endpoint="/api/products" />
    </section>
  );
}
