import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { CodeLabel } from '@/components/ui/code-label';
import { I18nProvider, initialLanguage, translate, useI18n } from './i18n';
import { de, en } from './messages';

describe('i18n', () => {
  it('has a German text for every English key', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const value of Object.values(de)) expect(value.trim()).not.toBe('');
  });

  it('fills placeholders', () => {
    expect(translate('de', 'ticket.heading', { id: 4, title: 'Drucker' })).toBe('Ticket #4: Drucker');
  });

  it('shows domain codes translated', () => {
    render(
      <I18nProvider language="de">
        <CodeLabel kind="status" code="in_progress" />
        <CodeLabel kind="priority" code="low" />
        <CodeLabel kind="status" code="resolved" />
      </I18nProvider>,
    );
    expect(screen.getByText('In Bearbeitung')).toBeInTheDocument();
    expect(screen.getByText('Niedrig')).toBeInTheDocument();
    expect(screen.getByText('Erledigt')).toBeInTheDocument();
  });

  it('follows a saved choice, else the browser language', () => {
    localStorage.setItem('helpdesk.language', 'de');
    expect(initialLanguage()).toBe('de');
    localStorage.setItem('helpdesk.language', 'xx');
    expect(initialLanguage()).toBe(navigator.language.toLowerCase().startsWith('de') ? 'de' : 'en');
  });

  it('keeps <html lang> on the chosen language, so screen readers pronounce the page right', async () => {
    function Switch() {
      const { setLanguage, t } = useI18n();
      return <button type="button" onClick={() => setLanguage('en')}>{t('language.en')}</button>;
    }
    document.documentElement.lang = 'en';
    render(<I18nProvider language="de"><Switch /></I18nProvider>);
    expect(document.documentElement.lang).toBe('de');
    await userEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(document.documentElement.lang).toBe('en');
  });
});
