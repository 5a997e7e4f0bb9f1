import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { UserRead } from '@/types/models';
import { renderWithApp } from '@/testing/render';
import { API, apiRefusal, server } from '@/testing/server';
import { CreateUserForm } from './create-user-form';
import { DeleteUser } from './delete-user';
import { EditUserForm } from './edit-user-form';
import { UsersList } from './users-list';

function makeUser(overrides: Partial<UserRead> = {}): UserRead {
  return {
    id: 5, username: 'anna', email: 'anna@example.com', role: 'support', is_active: true, language: 'de',
    email_notifications: true, has_default_password: false, created_at: '2026-01-05T09:00:00Z', ...overrides,
  };
}

describe('UsersList', () => {
  it('renders the accounts the API returns, with role, state and paging', async () => {
    const queries: string[] = [];
    server.use(http.get(`${API}/users`, ({ request }) => {
      queries.push(new URL(request.url).search);
      return HttpResponse.json({
        items: [makeUser(), makeUser({ id: 6, username: 'bob', role: 'admin', is_active: false, has_default_password: true })],
        total: 27, page: 2, per_page: 25,
      });
    }));
    renderWithApp(<UsersList filters={{ role: 'support', page: '2' }} onPage={vi.fn()} />);
    const table = await screen.findByRole('table', { name: 'Users' });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[0]!).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(
      ['Username', 'E-mail', 'Role', 'State', 'Language', 'Created']);
    expect(within(rows[1]!).getByRole('link', { name: 'Edit account anna' })).toHaveAttribute('href', '/users/5');
    expect(within(rows[1]!).getByText('Support')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('Active')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Deactivated')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Default password')).toBeInTheDocument();
    expect(screen.getByText(/Page 2 of 2 · 27 accounts/)).toBeInTheDocument();
    expect(queries).toEqual(['?role=support&page=2']);
  });

  it('shows markup in a username as text', async () => {
    server.use(http.get(`${API}/users`, () => HttpResponse.json({
      items: [makeUser({ username: '<img src=x onerror=alert(1)>' })], total: 1, page: 1, per_page: 25,
    })));
    const { container } = renderWithApp(<UsersList filters={{}} onPage={vi.fn()} />);
    expect(await screen.findByText('<img src=x onerror=alert(1)>')).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('speaks German', async () => {
    server.use(http.get(`${API}/users`, () => HttpResponse.json({ items: [makeUser()], total: 1, page: 1, per_page: 25 })));
    renderWithApp(<UsersList filters={{}} onPage={vi.fn()} />, { language: 'de' });
    const table = await screen.findByRole('table', { name: 'Benutzer' });
    expect(within(table).getByRole('columnheader', { name: 'Benutzername' })).toBeInTheDocument();
    expect(within(table).getByText('Aktiv')).toBeInTheDocument();
    expect(screen.getByText(/1 Konten/)).toBeInTheDocument();
  });
});

describe('CreateUserForm', () => {
  it('checks the fields like the API does, with the messages beside them', async () => {
    const posted = vi.fn();
    server.use(http.post(`${API}/users`, () => {
      posted();
      return HttpResponse.json(makeUser(), { status: 201 });
    }));
    renderWithApp(<CreateUserForm onCreated={vi.fn()} />);
    await userEvent.type(screen.getByLabelText(/^Username/), 'anna schmidt');
    await userEvent.type(screen.getByLabelText(/^E-mail address/), 'anna@example');
    await userEvent.type(screen.getByLabelText(/^Initial password/), 'short');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByLabelText(/^Username/)).toHaveAccessibleDescription(expect.stringContaining('Only letters, digits and . _ @ - are allowed.'));
    expect(screen.getByLabelText(/^E-mail address/)).toHaveAccessibleDescription(expect.stringContaining('valid e-mail address'));
    expect(screen.getByLabelText(/^Initial password/)).toHaveAccessibleDescription(expect.stringContaining('at least 8 characters.'));
    fireEvent.change(screen.getByLabelText(/^Username/), { target: { value: 'anna' } });
    fireEvent.change(screen.getByLabelText(/^Initial password/), { target: { value: 'ANNA' } });
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByLabelText(/^Initial password/)).toHaveAccessibleDescription(expect.stringContaining('at least 8'));
    fireEvent.change(screen.getByLabelText(/^Username/), { target: { value: 'annaschmidt' } });
    fireEvent.change(screen.getByLabelText(/^Initial password/), { target: { value: 'AnnaSchmidt' } });
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByLabelText(/^Initial password/)).toHaveAccessibleDescription(expect.stringContaining('must differ from the username'));
    fireEvent.change(screen.getByLabelText(/^Username/), { target: { value: 'ab' } });
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByLabelText(/^Username/)).toHaveAccessibleDescription(expect.stringContaining('at least 3 characters'));
    fireEvent.change(screen.getByLabelText(/^Username/), { target: { value: 'x'.repeat(65) } });
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(screen.getByLabelText(/^Username/)).toHaveAccessibleDescription(expect.stringContaining('at most 64 characters'));
    expect(posted).not.toHaveBeenCalled();
  });

  it('sends exactly the UserCreate fields and reports the new account', async () => {
    const bodies: unknown[] = [];
    server.use(http.post(`${API}/users`, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json(makeUser({ id: 42 }), { status: 201 });
    }));
    const onCreated = vi.fn();
    renderWithApp(<CreateUserForm onCreated={onCreated} />);
    await userEvent.type(screen.getByLabelText(/^Username/), ' anna ');
    await userEvent.type(screen.getByLabelText(/^E-mail address/), 'anna@example.com');
    await userEvent.type(screen.getByLabelText(/^Initial password/), 'long enough 1');
    await userEvent.selectOptions(screen.getByLabelText(/^Role/), 'support');
    await userEvent.selectOptions(screen.getByLabelText(/^Language/), 'de');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(bodies).toEqual([{ username: 'anna', email: 'anna@example.com', password: 'long enough 1', role: 'support', language: 'de' }]);
  });

  it('shows the API field errors beside the fields (taken username)', async () => {
    server.use(http.post(`${API}/users`, () => apiRefusal(409, 'username_taken', { fields: { username: 'already taken' }, field_errors: { username: 'taken' } })));
    renderWithApp(<CreateUserForm onCreated={vi.fn()} />);
    await userEvent.type(screen.getByLabelText(/^Username/), 'admin');
    await userEvent.type(screen.getByLabelText(/^E-mail address/), 'a@example.com');
    await userEvent.type(screen.getByLabelText(/^Initial password/), 'long enough 1');
    await userEvent.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This username is taken.');
    expect(screen.getByLabelText(/^Username/)).toHaveAccessibleDescription(expect.stringContaining('Already taken.'));
  });

  it('has German labels', () => {
    renderWithApp(<CreateUserForm onCreated={vi.fn()} />, { language: 'de' });
    expect(screen.getByLabelText(/^Benutzername/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^Anfangspasswort/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Konto anlegen' })).toBeInTheDocument();
  });
});

describe('EditUserForm', () => {
  it('sends only the changed fields; a new password is optional and checked', async () => {
    const patches: unknown[] = [];
    server.use(http.patch(`${API}/users/5`, async ({ request }) => {
      const body = await request.json() as Record<string, unknown>;
      patches.push(body);
      return HttpResponse.json(makeUser({ ...body, password: undefined } as Partial<UserRead>));
    }));
    renderWithApp(<EditUserForm user={makeUser()} self={false} />);
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.getByText('Nothing was changed.')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText(/^New password/), 'anna');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(screen.getByLabelText(/^New password/)).toHaveAccessibleDescription(expect.stringContaining('at least 8 characters'));
    await userEvent.clear(screen.getByLabelText(/^New password/));
    await userEvent.type(screen.getByLabelText(/^New password/), 'new secret 9');
    await userEvent.selectOptions(screen.getByLabelText(/^Role/), 'admin');
    await userEvent.click(screen.getByLabelText(/^Active/));
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByText('The account anna was saved.')).toBeInTheDocument();
    expect(patches).toEqual([{ role: 'admin', is_active: false, password: 'new secret 9' }]);
  });

  it("shows the API's refusal to demote the last administrator", async () => {
    server.use(http.patch(`${API}/users/1`, () =>
      apiRefusal(409, 'last_admin')));
    renderWithApp(<EditUserForm user={makeUser({ id: 1, username: 'admin', role: 'admin' })} self={false} />);
    await userEvent.selectOptions(screen.getByLabelText(/^Role/), 'user');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The last active administrator can neither be demoted nor deactivated.');
  });

  it('shows the API field errors beside the fields', async () => {
    server.use(http.patch(`${API}/users/5`, () => apiRefusal(422, 'validation_error', { fields: { email: 'String should match pattern' }, field_errors: { email: 'invalid' } })));
    renderWithApp(<EditUserForm user={makeUser()} self={false} />);
    await userEvent.clear(screen.getByLabelText(/^E-mail address/));
    await userEvent.type(screen.getByLabelText(/^E-mail address/), 'anna@example.org');
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please check the marked fields.');
    expect(screen.getByLabelText(/^E-mail address/)).toHaveAccessibleDescription('Not valid.');
  });

  it('offers no password reset for the own account', () => {
    renderWithApp(<EditUserForm user={makeUser({ id: 1, username: 'admin', role: 'admin' })} self />);
    expect(screen.queryByLabelText(/^New password/)).not.toBeInTheDocument();
    expect(screen.getByText(/This is your own account/)).toBeInTheDocument();
  });
});

describe('DeleteUser', () => {
  it("asks first, then shows the API's refusal of an account with tickets", async () => {
    const calls = vi.fn();
    server.use(http.delete(`${API}/users/5`, () => {
      calls();
      return apiRefusal(409, 'account_in_use');
    }));
    const onDeleted = vi.fn();
    renderWithApp(<DeleteUser user={makeUser()} onDeleted={onDeleted} />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete account anna' }));
    expect(calls).not.toHaveBeenCalled();
    expect(screen.getByText('Delete the account anna? This cannot be undone.')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Yes, delete anna' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('This account has tickets or comments; deactivate it instead.');
    expect(onDeleted).not.toHaveBeenCalled();
  });

  it('deletes an unused account', async () => {
    server.use(http.delete(`${API}/users/5`, () => new HttpResponse(null, { status: 204 })));
    const onDeleted = vi.fn();
    renderWithApp(<DeleteUser user={makeUser()} onDeleted={onDeleted} />);
    await userEvent.click(screen.getByRole('button', { name: 'Delete account anna' }));
    await userEvent.click(screen.getByRole('button', { name: 'Yes, delete anna' }));
    await vi.waitFor(() => expect(onDeleted).toHaveBeenCalledTimes(1));
  });
});
