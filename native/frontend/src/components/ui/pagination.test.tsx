import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '@/lib/i18n';
import { Pagination } from './pagination';

const renderIn = (language: 'en' | 'de', ui: React.ReactNode) => render(<I18nProvider language={language}>{ui}</I18nProvider>);

describe('Pagination', () => {
  it('words the total in singular and plural', () => {
    const { unmount } = renderIn('en', <Pagination page={1} perPage={25} total={1} totalCapped={false} onPage={vi.fn()} />);
    expect(screen.getByText('Page 1 of 1 · 1 ticket')).toBeInTheDocument();
    unmount();
    renderIn('de', <Pagination page={2} perPage={25} total={1234} totalCapped={false} onPage={vi.fn()} />);
    expect(screen.getByText('Seite 2 von 50 · 1.234 Tickets')).toBeInTheDocument();
  });

  it('moves between pages and stops at the ends', async () => {
    const onPage = vi.fn();
    renderIn('en', <Pagination page={1} perPage={10} total={25} totalCapped={false} onPage={onPage} />);
    expect(screen.getByRole('button', { name: 'Previous page' })).toBeDisabled();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(onPage).toHaveBeenCalledWith(2);
  });

  it('keeps going when the total is only known to be large', () => {
    renderIn('en', <Pagination page={400} perPage={25} total={10000} totalCapped onPage={vi.fn()} />);
    expect(screen.getByText('Page 400 · more than 10,000 tickets')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeEnabled();
  });
});
