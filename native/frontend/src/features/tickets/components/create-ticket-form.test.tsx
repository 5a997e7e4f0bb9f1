import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { makeTicket } from '@/testing/data';
import { renderWithApp } from '@/testing/render';
import { API, apiRefusal, server } from '@/testing/server';
import { CreateTicketForm } from './create-ticket-form';

describe('CreateTicketForm', () => {
  it('refuses an over-long title on the client, with the message beside the field', async () => {
    const posted = vi.fn();
    server.use(http.post(`${API}/tickets`, () => {
      posted();
      return HttpResponse.json(makeTicket(), { status: 201 });
    }));
    renderWithApp(<CreateTicketForm onCreated={vi.fn()} />);
    fireEvent.change(screen.getByLabelText(/^Title/), { target: { value: 'x'.repeat(201) } });
    await userEvent.selectOptions(screen.getByLabelText(/^Category/), 'bug');
    await userEvent.click(screen.getByRole('button', { name: 'Create ticket' }));
    const title = screen.getByLabelText(/^Title/);
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(title).toHaveAccessibleDescription(expect.stringContaining('The title may have at most 200 characters.'));
    expect(posted).not.toHaveBeenCalled();
  });

  it('requires a title and a category', async () => {
    renderWithApp(<CreateTicketForm onCreated={vi.fn()} />);
    fireEvent.change(screen.getByLabelText(/^Title/), { target: { value: '   ' } });
    await userEvent.click(screen.getByRole('button', { name: 'Create ticket' }));
    expect(screen.getByLabelText(/^Title/)).toHaveAccessibleDescription(expect.stringContaining('Please enter a title.'));
    expect(screen.getByLabelText(/^Category/)).toHaveAccessibleDescription('Please choose a category.');
  });

  it('sends the API exactly the TicketCreate fields and reports the new ticket', async () => {
    const bodies: unknown[] = [];
    server.use(http.post(`${API}/tickets`, async ({ request }) => {
      bodies.push(await request.json());
      return HttpResponse.json(makeTicket({ id: 42 }), { status: 201 });
    }));
    const onCreated = vi.fn();
    renderWithApp(<CreateTicketForm onCreated={onCreated} />);
    await userEvent.type(screen.getByLabelText(/^Title/), '  Mouse broken ');
    await userEvent.type(screen.getByLabelText(/^Description/), 'Left button');
    await userEvent.selectOptions(screen.getByLabelText(/^Category/), 'bug');
    await userEvent.selectOptions(screen.getByLabelText(/^Priority/), 'high');
    await userEvent.click(screen.getByRole('button', { name: 'Create ticket' }));
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalled());
    expect(onCreated.mock.calls[0]?.[0]).toMatchObject({ id: 42 });
    expect(bodies).toEqual([{ title: 'Mouse broken', description: 'Left button', category: 'bug', priority: 'high' }]);
  });

  it('shows the API field errors beside the fields', async () => {
    server.use(http.post(`${API}/tickets`, () => apiRefusal(422, 'validation_error', { fields: { description: 'String should have at most 20000 characters' }, field_errors: { description: 'too_long' } })));
    renderWithApp(<CreateTicketForm onCreated={vi.fn()} />);
    await userEvent.type(screen.getByLabelText(/^Title/), 'Something');
    await userEvent.selectOptions(screen.getByLabelText(/^Category/), 'support');
    await userEvent.click(screen.getByRole('button', { name: 'Create ticket' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please check the marked fields.');
    expect(screen.getByLabelText(/^Description/)).toHaveAccessibleDescription(expect.stringContaining('Too long.'));
  });
});
