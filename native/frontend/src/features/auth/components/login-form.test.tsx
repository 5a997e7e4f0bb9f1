import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { makeMe } from '@/testing/data';
import { renderWithApp } from '@/testing/render';
import { API, apiRefusal, server } from '@/testing/server';
import { LoginForm } from './login-form';

describe('LoginForm', () => {
  it('has labelled fields and signs in with them', async () => {
    const sent: unknown[] = [];
    server.use(http.post(`${API}/auth/login`, async ({ request }) => {
      sent.push(await request.json());
      return HttpResponse.json({ user: makeMe(), expires_in: 900 });
    }));
    const onSuccess = vi.fn();
    renderWithApp(<LoginForm onSuccess={onSuccess} />);
    await userEvent.type(screen.getByLabelText(/Username/), 'user');
    await userEvent.type(screen.getByLabelText(/Password/), 'user123');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    await vi.waitFor(() => expect(onSuccess).toHaveBeenCalled());
    expect(sent).toEqual([{ username: 'user', password: 'user123' }]);
  });

  it('asks for empty fields without calling the API', async () => {
    renderWithApp(<LoginForm onSuccess={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(screen.getByLabelText(/Username/)).toHaveAccessibleDescription('Required');
    expect(screen.getByLabelText(/Password/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('shows the API message in an alert and field problems beside the fields', async () => {
    server.use(http.post(`${API}/auth/login`, () =>
      apiRefusal(422, 'validation_error', { fields: { username: 'String should have at most 64 characters' }, field_errors: { username: 'too_long' } })));
    renderWithApp(<LoginForm onSuccess={vi.fn()} />);
    await userEvent.type(screen.getByLabelText(/Username/), 'someone');
    await userEvent.type(screen.getByLabelText(/Password/), 'secret');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please check the marked fields.');
    expect(screen.getByLabelText(/Username/)).toHaveAccessibleDescription('Too long.');
  });

  it('shows the lock-out message with the waiting time on a 429', async () => {
    server.use(http.post(`${API}/auth/login`, () =>
      apiRefusal(429, 'account_locked', {}, { 'Retry-After': '600' })));
    renderWithApp(<LoginForm onSuccess={vi.fn()} />);
    await userEvent.type(screen.getByLabelText(/Username/), 'user');
    await userEvent.type(screen.getByLabelText(/Password/), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many failed sign-ins. Please try again in 10 minutes.');
    expect(alert).not.toHaveTextContent('seconds');
  });

  it('is German with a German language', async () => {
    renderWithApp(<LoginForm onSuccess={vi.fn()} />, { language: 'de' });
    expect(screen.getByLabelText(/Benutzername/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Passwort/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Anmelden' })).toBeInTheDocument();
  });
});
