import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { zh } from './zh.ts';
import { ug } from './ug.ts';
import { en } from './en.ts';
import type { Locale, Named } from '../api.ts';

export const LOCALES: Locale[] = ['zh', 'ug', 'en'];
const STORAGE_KEY = 'nx.locale';

export const isLocale = (s: unknown): s is Locale => s === 'zh' || s === 'ug' || s === 'en';

/** The language the page opens in: the last choice on this device, else Chinese. */
export function storedLocale(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (isLocale(v)) return v;
  } catch {
    // storage blocked (private mode): fall through to the default
  }
  return 'zh';
}

const htmlLang: Record<Locale, string> = { zh: 'zh-CN', ug: 'ug', en: 'en' };

/** Switches the UI language, remembers it on this device and sets <html lang dir>. */
export function applyLocale(l: Locale) {
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    // not remembered; the choice still applies to this visit
  }
  document.documentElement.lang = htmlLang[l];
  document.documentElement.dir = l === 'ug' ? 'rtl' : 'ltr';
  void i18n.changeLanguage(l);
}

export function initI18n() {
  const lng = storedLocale();
  void i18n.use(initReactI18next).init({
    resources: { zh: { translation: zh }, ug: { translation: ug }, en: { translation: en } },
    lng,
    fallbackLng: 'zh',
    supportedLngs: LOCALES,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = htmlLang[lng];
  document.documentElement.dir = lng === 'ug' ? 'rtl' : 'ltr';
  return i18n;
}

export const currentLocale = (): Locale => (isLocale(i18n.language) ? i18n.language : 'zh');

/** Picks the reference-data name in the reader's language. */
export function nameOf(item: Named | undefined, l: string): string {
  if (!item) return '';
  if (l === 'ug') return item.nameUg;
  if (l === 'en') return item.nameEn;
  return item.nameZh;
}

/** Dates as the reader's locale writes them; Uyghur gets the unambiguous numeric form. */
export function formatDate(iso: string | null | undefined, l: string, withTime = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (l === 'ug') {
    const p = (n: number) => String(n).padStart(2, '0');
    const day = `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
    return withTime ? `${day} ${p(d.getHours())}:${p(d.getMinutes())}` : day;
  }
  const opts: Intl.DateTimeFormatOptions = withTime
    ? { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }
    : { year: 'numeric', month: 'long', day: 'numeric' };
  return new Intl.DateTimeFormat(l === 'en' ? 'en-GB' : 'zh-CN', opts).format(d);
}

export default i18n;
