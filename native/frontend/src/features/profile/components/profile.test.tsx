import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { useI18n } from '@/lib/i18n';
import { makeMe } from '@/testing/data';
import { renderWithApp } from '@/testing/render';
import { API, apiRefusal, server } from '@/testing/server';
import { PasswordForm } from './password-form';
import { PreferencesForm } from './preferences-form';

function LanguageProbe() {
  return <output data-testid="language">{useI18n().language}</output>;
}

describe('PasswordForm', () => {
  it('checks length, username and repetition beside the fields before asking the API', async () => {
    const posted = vi.fn();
    server.use(http.post(`${API}/auth/password`, () => {
      posted();
      return HttpResponse.json({ expires_in: 900 });
    }));
    renderWithApp(<PasswordForm username="user" />);
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByLabelText(/^Current password/)).toHaveAccessibleDescription('Please enter your current password.');
    expect(screen.getByLabelText(/^New password/)).toHaveAccessibleDescription(expect.stringContaining('at least 8 characters.'));
    fireEvent.change(screen.getByLabelText(/^Current password/), { target: { value: 'user123' } });
    fireEvent.change(screen.getByLabelText(/^New password/), { target: { value: ' USER ' } });
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByLabelText(/^New password/)).toHaveAccessibleDescription(expect.stringContaining('at least 8'));
    fireEvent.change(screen.getByLabelText(/^New password/), { target: { value: 'a better one' } });
    fireEvent.change(screen.getByLabelText(/^Repeat the new password/), { target: { value: 'a better on' } });
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByLabelText(/^Repeat the new password/)).toHaveAccessibleDescription('The two new passwords do not match.');
    expect(posted).not.toHaveBeenCalled();
  });

  it('refuses the username as the new password', async () => {
    renderWithApp(<PasswordForm username="supportdesk" />);
    fireEvent.change(screen.getByLabelText(/^Current password/), { target: { value: 'old' } });
    fireEvent.change(screen.getByLabelText(/^New password/), { target: { value: 'SupportDesk' } });
    fireEvent.change(screen.getByLabelText(/^Repeat the new password/), { target: { value: 'SupportDesk' } });
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(screen.getByLabelText(/^New password/)).toHaveAccessibleDescription(expect.stringContaining('must differ from your username'));
  });

  it('sends current and new password only, then says other sign-ins ended', async () => {
    const bodies: unknown[] = [];
    server.use(http.post(`${API}/auth/password`, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json({ expires_in: 900, token_type: 'Bearer' });
    }));
    renderWithApp(<PasswordForm username="user" />);
    await userEvent.type(screen.getByLabelText(/^Current password/), 'user123');
    await userEvent.type(screen.getByLabelText(/^New password/), 'a better one');
    await userEvent.type(screen.getByLabelText(/^Repeat the new password/), 'a better one');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText(/Your other sign-ins have been ended/)).toBeInTheDocument();
    expect(bodies).toEqual([{ current_password: 'user123', new_password: 'a better one' }]);
    expect(screen.getByLabelText(/^Current password/)).toHaveValue('');
  });

  it('shows a wrong current password beside its field', async () => {
    server.use(http.post(`${API}/auth/password`, () =>
      apiRefusal(422, 'wrong_current_password', { fields: { current_password: 'wrong password' }, field_errors: { current_password: 'wrong_password' } })));
    renderWithApp(<PasswordForm username="user" />);
    await userEvent.type(screen.getByLabelText(/^Current password/), 'nope');
    await userEvent.type(screen.getByLabelText(/^New password/), 'a better one');
    await userEvent.type(screen.getByLabelText(/^Repeat the new password/), 'a better one');
    await userEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The current password is wrong.');
    expect(screen.getByLabelText(/^Current password/)).toHaveAccessibleDescription('Wrong password.');
  });

  it('has German labels', () => {
    renderWithApp(<PasswordForm username="user" />, { language: 'de' });
    expect(screen.getByLabelText(/^Aktuelles Passwort/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Neues Passwort wiederholen/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Passwort ändern' })).toBeInTheDocument();
  });
});

describe('PreferencesForm', () => {
  it('saves language and notifications and switches the language at once', async () => {
    const patches: unknown[] = [];
    server.use(http.patch(`${API}/auth/me`, async ({ request }) => {
      const body = await request.json() as Record<string, unknown>;
      patches.push(body);
      return HttpResponse.json({ ...makeMe(), ...body });
    }));
    renderWithApp(<><PreferencesForm user={makeMe()} /><LanguageProbe /></>);
    await userEvent.click(screen.getByRole('button', { name: 'Save preferences' }));
    expect(screen.getByText('Nothing was changed.')).toBeInTheDocument();
    await userEvent.selectOptions(screen.getByLabelText('Language'), 'de');
    await userEvent.click(screen.getByLabelText('E-mail notifications'));
    await userEvent.click(screen.getByRole('button', { name: 'Save preferences' }));
    expect(await screen.findByText('Ihre Einstellungen wurden gespeichert.')).toBeInTheDocument();
    expect(screen.getByTestId('language')).toHaveTextContent('de');
    expect(screen.getByRole('button', { name: 'Einstellungen speichern' })).toBeInTheDocument();
    expect(patches).toEqual([{ language: 'de', email_notifications: false }]);
  });
});
