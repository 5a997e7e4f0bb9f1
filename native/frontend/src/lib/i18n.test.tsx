import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CodeLabel } from '@/components/ui/code-label';
import { I18nProvider, initialLanguage, translate } from './i18n';
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
});
