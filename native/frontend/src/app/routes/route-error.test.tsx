import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '@/lib/i18n';
import { RouteError } from './route-error';

function Broken(): never {
  throw new Error('secret internals at line 42');
}

describe('RouteError', () => {
  it('shows a plain message and a way back instead of the error', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const router = createMemoryRouter([{ path: '/', element: <Broken />, errorElement: <RouteError /> }]);
    render(<I18nProvider language="en"><RouterProvider router={router} /></I18nProvider>);
    expect(screen.getByRole('heading', { name: 'This page could not be shown' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reload the page' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Back to the tickets' })).toHaveAttribute('href', '/tickets');
    expect(document.body).not.toHaveTextContent('secret internals');
  });
});
