import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Stats } from '@/types/models';
import { renderWithApp } from '@/testing/render';
import { API, apiRefusal, server } from '@/testing/server';
import { isoWeek, niceMax } from './chart-math';
import { Dashboard } from './dashboard';

function makeStats(overrides: Partial<Stats> = {}): Stats {
  return {
    total: 12,
    by_status: { new: 3, in_progress: 4, resolved: 2, closed: 3 },
    by_priority: { low: 2, medium: 7, high: 3 },
    by_category: { bug: 5, feature: 1, support: 6 },
    weeks: [
      { week: '2025-12-29', opened: 4, resolved: 1 },
      { week: '2026-01-05', opened: 8, resolved: 4 },
    ],
    median_resolution_hours: 30.25,
    ...overrides,
  };
}

describe('Dashboard', () => {
  it('shows the figures and each chart with its numbers in an accessible table', async () => {
    server.use(http.get(`${API}/stats`, () => HttpResponse.json(makeStats())));
    const { container } = renderWithApp(<Dashboard />);
    const status = await screen.findByRole('table', { name: 'Tickets by status' });
    expect(within(status).getByRole('row', { name: 'In progress 4' })).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'Tickets by priority' })).getByRole('row', { name: 'Medium 7' })).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'Tickets by category' })).getByRole('row', { name: 'Support 6' })).toBeInTheDocument();
    const weeks = screen.getByRole('table', { name: 'Opened and resolved per week' });
    expect(within(weeks).getByRole('row', { name: /Week 2 \(from 01\/05\/2026\) 8 4/ })).toBeInTheDocument();
    expect(within(weeks).getByRole('row', { name: /Week 1 \(from 12\/29\/2025\) 4 1/ })).toBeInTheDocument();
    const figure = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(figure('Tickets')).toBe('12');
    expect(figure('Open (new or in progress)')).toBe('7');
    expect(figure('Median time to resolution')).toBe('30.3 hours');
    // Bars are SVG with a <title> each, coloured by class (no inline style).
    const titles = [...container.querySelectorAll('svg title')].map((t) => t.textContent);
    expect(titles).toContain('High: 3');
    expect(titles).toContain('Week 2 (from 01/05/2026): Opened 8');
    const axis = [...container.querySelectorAll('svg text.chart__axis')].map((t) => t.textContent);
    expect(axis).toEqual(expect.arrayContaining(['Week 1', '12/29/2025', 'Week 2', '01/05/2026']));
    expect(container.querySelector('[style]')).toBeNull();
    expect(container.querySelector('.chart__bar--status-resolved')).not.toBeNull();
  });

  it('says when nothing has been resolved yet, and speaks German', async () => {
    server.use(http.get(`${API}/stats`, () => HttpResponse.json(makeStats({ median_resolution_hours: null }))));
    const { container } = renderWithApp(<Dashboard />, { language: 'de' });
    expect(await screen.findByText('Noch keine erledigten Tickets')).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Tickets nach Status' })).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /KW 2 \(ab 05\.01\.2026\) 8 4/ })).toBeInTheDocument();
    // The axis under the bars: the week as "KW 2" and its Monday as a whole German date.
    const axis = [...container.querySelectorAll('svg text.chart__axis')].map((t) => t.textContent);
    expect(axis).toEqual(expect.arrayContaining(['KW 1', '29.12.2025', 'KW 2', '05.01.2026']));
  });

  it("shows the API's refusal for a user", async () => {
    server.use(http.get(`${API}/stats`, () => apiRefusal(403, 'dashboard_staff_only')));
    renderWithApp(<Dashboard />);
    expect(await screen.findByRole('alert')).toHaveTextContent('The dashboard is for support and administrators.');
  });
});

describe('chart math', () => {
  it('rounds the scale up and numbers ISO weeks', () => {
    expect([0, 1, 3, 7, 12, 480].map(niceMax)).toEqual([1, 1, 5, 10, 20, 500]);
    expect(isoWeek('2025-12-29')).toBe(1);
    expect(isoWeek('2026-01-05')).toBe(2);
    expect(isoWeek('2020-12-28')).toBe(53);
  });
});
