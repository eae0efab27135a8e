import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Messages } from './zh.ts';
import type { Locale, Named } from '../api.ts';

export const LOCALES: Locale[] = ['zh', 'ug', 'en'];
const STORAGE_KEY = 'nx.locale';

export const isLocale = (s: unknown): s is Locale => s === 'zh' || s === 'ug' || s === 'en';

/** `?lang=ug` on a link or QR code opens the app in that language (and remembers it on this device). */
function linkLocale(): Locale | null {
  try {
    const v = new URLSearchParams(window.location.search).get('lang');
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

/** The language the page opens in: the link's `?lang=`, else the last choice on this device, else Chinese. */
export function storedLocale(): Locale {
  const linked = linkLocale();
  if (linked) return linked;
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (isLocale(v)) return v;
  } catch {
    // storage blocked (private mode): fall through to the default
  }
  return 'zh';
}

const htmlLang: Record<Locale, string> = { zh: 'zh-CN', ug: 'ug', en: 'en' };

// Each language's words are a chunk of their own, loaded before the first render: a phone downloads only its
// reader's language, never all three (decision 0024; tests/bundle-budget.test.ts).
const loaders: Record<Locale, () => Promise<Messages>> = {
  zh: () => import('./zh.ts').then((m) => m.zh),
  ug: () => import('./ug.ts').then((m) => m.ug),
  en: () => import('./en.ts').then((m) => m.en),
};

/** Makes a language's words available (fetches its chunk the first time). */
export async function loadLocale(l: Locale): Promise<void> {
  if (i18n.hasResourceBundle(l, 'translation')) return;
  // Added whole, once (not deep-merged key by key: that alone cost a phone ~70 ms before the first render).
  i18n.addResourceBundle(l, 'translation', await loaders[l](), false, true);
}

/** For the pages that print several languages at once (the station poster, the report in a chosen language). */
export const loadAllLocales = () => Promise.all(LOCALES.map(loadLocale)).then(() => undefined);

function setHtmlLang(l: Locale) {
  document.documentElement.lang = htmlLang[l];
  document.documentElement.dir = l === 'ug' ? 'rtl' : 'ltr';
}

function remember(l: Locale) {
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    // not remembered; the choice still applies to this visit
  }
  // The server reads it to send the page in this language: <html lang dir> set and these words preloaded
  // (src/server/platform/web-page.ts). Only the language; a year, this site, every path.
  document.cookie = `nx_locale=${l}; path=/; max-age=31536000; samesite=lax`;
}

/** Switches the UI language, remembers it on this device and sets <html lang dir> once its words are here. */
let latestChoice = 0;
export async function applyLocale(l: Locale): Promise<void> {
  // The last choice wins: the account's language arriving after sign-in must not undo a tap on the
  // language switch made while its words were loading.
  const mine = ++latestChoice;
  remember(l);
  try {
    await loadLocale(l);
  } catch {
    return; // offline and never loaded: stay in the current language
  }
  if (mine !== latestChoice) return;
  await i18n.changeLanguage(l);
  if (mine !== latestChoice) return;
  setHtmlLang(l); // last: <html lang> changing means the page already reads in the new language
}

/** Starts i18next in the page's language; resolves once its words are loaded (render after that). */
export async function initI18n() {
  const lng = storedLocale();
  remember(lng); // also sets the cookie for a device that remembered its language before the server read it
  await i18n.use(initReactI18next).init({
    resources: {},
    partialBundledLanguages: true,
    lng,
    // No fallback: every language has every key (locales.test.ts), and a fallback would mean loading Chinese too.
    fallbackLng: false,
    supportedLngs: LOCALES,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  let opened: Locale = lng;
  try {
    await loadLocale(lng);
  } catch {
    opened = 'zh'; // that language's chunk could not be fetched: try Chinese rather than show nothing
    await loadLocale('zh');
  }
  await i18n.changeLanguage(opened);
  setHtmlLang(opened);
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

export { formatDate } from './dates.ts';

export default i18n;
