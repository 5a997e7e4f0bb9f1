// An API error in the reader's language: its stable code (never the English message, which
// stays for API clients) with the values it names, and each field's problem.
import { isApiError } from './api-client';
import { errorTexts, fieldErrorTexts, waitUnits, type ErrorCode, type FieldCode } from './error-messages';
import { hasMessage, translate, type Language } from './i18n';

function fill(text: string, params: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** "15 Minuten" for 885 s (rounded up to whole minutes from a minute on), "30 Sekunden". */
export function waitText(seconds: number | null, language: Language): string {
  const units = waitUnits[language];
  if (seconds === null || !Number.isFinite(seconds) || seconds <= 0) return units.soon;
  if (seconds < 60) return seconds === 1 ? units.second : fill(units.seconds, { n: Math.ceil(seconds) });
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? units.minute : fill(units.minutes, { n: minutes });
}

function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(errorTexts.en, code);
}

function isFieldCode(code: string): code is FieldCode {
  return Object.prototype.hasOwnProperty.call(fieldErrorTexts.en, code);
}

/** A status code in an error's params ("resolved") as its label ("Erledigt"). */
function paramText(value: string | number, language: Language): string | number {
  const key = `status.${value}`;
  return typeof value === 'string' && hasMessage(key) ? translate(language, key) : value;
}

/** The whole message for an error: translated by its code, else a generic one. */
export function errorMessage(error: unknown, language: Language): string {
  if (!isApiError(error)) return translate(language, 'common.error');
  if (!isErrorCode(error.reason)) return error.message || translate(language, 'common.error');
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(error.params)) params[name] = paramText(value, language);
  const wait = typeof error.params.wait_seconds === 'number' ? error.params.wait_seconds : error.retryAfter;
  params.wait = waitText(wait, language);
  return fill(errorTexts[language][error.reason], params);
}

/** The API's per-field problems in the reader's language, for showing beside the inputs. */
export function fieldMessages(error: unknown, language: Language): Record<string, string> {
  if (!isApiError(error)) return {};
  const shown: Record<string, string> = {};
  for (const [field, english] of Object.entries(error.fields)) {
    const code = error.fieldCodes[field];
    shown[field] = code !== undefined && isFieldCode(code)
      ? fill(fieldErrorTexts[language][code], error.params)
      : english;
  }
  return shown;
}
