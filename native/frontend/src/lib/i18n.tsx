// A small typed i18n: English and German dictionaries (messages.ts), the browser's language
// by default, the choice kept in localStorage (a preference, not a secret).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { de, en, type MessageKey } from './messages';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];
export type { MessageKey };

const STORAGE_KEY = 'helpdesk.language';
const dictionaries: Record<Language, Record<MessageKey, string>> = { en, de };

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'de';
}

export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // storage may be unavailable (privacy mode): fall back to the browser's language
  }
  const browser = (navigator.languages?.[0] ?? navigator.language ?? 'en').toLowerCase();
  return browser.startsWith('de') ? 'de' : 'en';
}

export type Params = Record<string, string | number>;

/** Whether the dictionaries have this key (for optional variants such as a singular form). */
export function hasMessage(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

export function translate(language: Language, key: MessageKey, params?: Params): string {
  const text = dictionaries[language][key] ?? en[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match);
}

export type Translate = (key: MessageKey, params?: Params) => string;

type I18n = {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
  formatDate: (iso: string) => string;
  formatNumber: (value: number) => string;
};

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, language: fixed }: { children: ReactNode; language?: Language }) {
  const [language, setState] = useState<Language>(() => fixed ?? initialLanguage());
  const setLanguage = useCallback((next: Language) => {
    setState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // the choice then lasts for this page only
    }
  }, []);
  const value = useMemo<I18n>(() => {
    const dateFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    const numberFormat = new Intl.NumberFormat(language);
    return {
      language,
      setLanguage,
      t: (key, params) => translate(language, key, params),
      formatDate: (iso) => dateFormat.format(new Date(iso)),
      formatNumber: (n) => numberFormat.format(n),
    };
  }, [language, setLanguage]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n needs an <I18nProvider>');
  return context;
}
