import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeTicket } from '@/testing/data';
import { renderWithApp, testQueryClient } from '@/testing/render';
import { LoginRoute } from './login';

describe('login page', () => {
  it('empties the query cache of a previous session when it opens', () => {
    const queryClient = testQueryClient();
    queryClient.setQueryData(['tickets', 'detail', 7], makeTicket());
    renderWithApp(<LoginRoute />, { path: '/login', url: '/login?reason=expired', queryClient });
    expect(screen.getByText('Your session has ended. Please log in again.')).toBeInTheDocument();
    expect(queryClient.getQueryCache().getAll()).toHaveLength(0);
  });

  it('confirms a sign-out', () => {
    renderWithApp(<LoginRoute />, { path: '/login', url: '/login?reason=logged-out' });
    expect(screen.getByText('You have been logged out.').closest('[role=status]')).not.toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'Log in' })).toBeInTheDocument();
  });
});
