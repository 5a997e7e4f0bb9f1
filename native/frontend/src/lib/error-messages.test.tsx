import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ErrorAlert } from '@/components/ui/alert';
import openapi from '../../openapi.json';
import { ApiError } from './api-client';
import { errorMessage, fieldMessages, waitText } from './api-errors';
import { errorTexts, fieldErrorTexts } from './error-messages';
import { I18nProvider } from './i18n';

const errorSchema = openapi.components.schemas.Error.properties;

describe('API error codes', () => {
  it('has an English and a German text for every code the API lists', () => {
    for (const language of ['en', 'de'] as const) {
      const texts: Record<string, string> = errorTexts[language];
      const fields: Record<string, string> = fieldErrorTexts[language];
      for (const code of errorSchema.code.enum) expect(texts[code]?.trim(), `${language} ${code}`).toBeTruthy();
      for (const code of errorSchema.field_errors.additionalProperties.enum) {
        expect(fields[code]?.trim(), `${language} field ${code}`).toBeTruthy();
      }
    }
    expect(Object.keys(errorTexts.de).sort()).toEqual(Object.keys(errorTexts.en).sort());
  });

  it('says the lockout fully in German with the wait in minutes', () => {
    const locked = new ApiError(429, { error: 'rate_limited', code: 'account_locked', message: 'Too many failed sign-ins.' }, 885);
    expect(errorMessage(locked, 'de')).toBe('Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in 15 Minuten erneut.');
    expect(errorMessage(locked, 'en')).toBe('Too many failed sign-ins. Please try again in 15 minutes.');
    const slowed = new ApiError(429, { error: 'rate_limited', code: 'login_slowed', message: 'x', params: { wait_seconds: 4 } }, 60);
    expect(errorMessage(slowed, 'de')).toContain('warten Sie 4 Sekunden');
    expect([waitText(1, 'de'), waitText(60, 'de'), waitText(61, 'en'), waitText(null, 'de')])
      .toEqual(['1 Sekunde', '1 Minute', '2 minutes', 'einigen Minuten']);
  });

  it('translates by the code, never shows the English message, and fills the params', () => {
    const wrong = new ApiError(401, { error: 'invalid_credentials', code: 'invalid_credentials', message: 'Wrong username or password.' });
    expect(errorMessage(wrong, 'de')).toBe('Benutzername oder Passwort ist falsch.');
    const big = new ApiError(413, { error: 'too_large', code: 'file_too_large', message: 'Files may have at most 10 MB.', params: { max_mb: 10 } });
    expect(errorMessage(big, 'de')).toBe('Die Datei ist zu groß (höchstens 10 MB).');
    const step = new ApiError(422, { error: 'invalid_transition', code: 'invalid_transition', message: 'x', params: { from: 'closed', to: 'new' } });
    expect(errorMessage(step, 'de')).toBe('Das Ticket kann nicht von „Geschlossen“ zu „Neu“ wechseln.');
    // An older server without `code`: the kind is the code.
    expect(errorMessage(new ApiError(403, { error: 'forbidden', message: 'No.' }), 'de')).toBe('Das dürfen Sie nicht.');
    expect(errorMessage(new Error('boom'), 'de')).toBe('Etwas ist schiefgegangen.');
  });

  it('translates each field problem and keeps the text of an unknown one', () => {
    const taken = new ApiError(409, {
      error: 'conflict', code: 'username_taken', message: 'This username is taken.',
      fields: { username: 'already taken', email: 'odd' }, field_errors: { username: 'taken', email: 'brand_new' },
    });
    expect(fieldMessages(taken, 'de')).toEqual({ username: 'Schon vergeben.', email: 'odd' });
    const weak = new ApiError(422, { error: 'validation_error', code: 'weak_password', message: 'x', fields: { password: 'x' },
      field_errors: { password: 'weak_password' }, params: { min: 8 } });
    expect(fieldMessages(weak, 'de').password).toBe('Mindestens 8 Zeichen und nicht der Benutzername.');
  });

  it('shows the alert in the page language', () => {
    render(
      <I18nProvider language="de">
        <ErrorAlert error={new ApiError(403, { error: 'forbidden', code: 'admin_only', message: 'Only administrators may manage accounts.' })} />
      </I18nProvider>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('Nur Administratoren dürfen Konten verwalten.');
  });
});
