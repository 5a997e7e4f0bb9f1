import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { applyTheme, storedTheme } from '@/lib/theme';
import { renderWithApp } from '@/testing/render';
import { AppLayout } from './app-layout';

const nav = [{ to: '/tickets', label: 'nav.tickets' as const }, { to: '/tickets/new', label: 'nav.newTicket' as const }];

describe('AppLayout', () => {
  it('has the landmarks, the links and who is signed in', () => {
    renderWithApp(<AppLayout nav={nav} user={{ username: 'anna', role: 'support' }} onLogout={vi.fn()}><h1>Page</h1></AppLayout>);
    const navigation = screen.getByRole('navigation', { name: 'Main navigation' });
    expect(within(navigation).getByRole('link', { name: 'New ticket' })).toHaveAttribute('href', '/tickets/new');
    expect(within(navigation).getByText('Signed in as anna (Support)')).toBeInTheDocument();
    expect(screen.getByRole('main')).toContainElement(screen.getByRole('heading', { name: 'Page' }));
  });

  it('is dark by default and switches to light and back, remembering the choice', async () => {
    applyTheme(storedTheme());
    expect(document.documentElement.dataset.theme).toBe('dark');
    renderWithApp(<AppLayout nav={nav}><p>x</p></AppLayout>);
    await userEvent.click(screen.getByRole('button', { name: 'Light theme' }));
    expect(document.documentElement.dataset.theme).toBe('light');
    expect(localStorage.getItem('helpdesk.theme')).toBe('light');
    await userEvent.click(screen.getByRole('button', { name: 'Dark theme' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('folds the navigation behind a Menu button that says whether it is open', async () => {
    renderWithApp(<AppLayout nav={nav}><p>x</p></AppLayout>);
    const menu = screen.getByRole('button', { name: 'Menu' });
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(menu);
    expect(menu).toHaveAttribute('aria-expanded', 'true');
    expect(document.getElementById(menu.getAttribute('aria-controls') ?? '')).toHaveClass('mainnav--open');
  });

  it('reports a language change so the app can save it to the profile', async () => {
    const changed = vi.fn();
    renderWithApp(<AppLayout nav={nav} onLanguageChange={changed}><p>x</p></AppLayout>);
    await userEvent.selectOptions(screen.getByLabelText('Language'), 'de');
    expect(changed).toHaveBeenCalledWith('de');
    expect(screen.getByRole('navigation', { name: 'Hauptnavigation' })).toBeInTheDocument();
    expect(localStorage.getItem('helpdesk.language')).toBe('de');
  });
});
