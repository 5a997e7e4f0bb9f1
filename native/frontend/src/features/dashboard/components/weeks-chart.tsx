// Tickets opened and resolved per ISO week: grouped vertical bars in a small SVG (it scrolls
// inside its box on a phone), a legend, a <title> per bar and a visually hidden table.
import { useEffect, useId, useRef } from 'react';
import { useI18n } from '@/lib/i18n';
import type { WeekCount } from '@/types/models';
import { isoWeek, niceMax } from './chart-math';

const LEFT = 36;
const TOP = 10;
const PLOT_H = 160;
const BOTTOM = 40;
const SLOT = 64; // room for a full date (04.12.2026) under each week
const BAR = 16;

export function WeeksChart({ weeks }: { weeks: readonly WeekCount[] }) {
  const { t, language, formatNumber } = useI18n();
  const titleId = useId();
  const scrollRef = useRef<HTMLDivElement>(null);
  // On a phone the chart scrolls inside its box: start at the newest week (the right end).
  useEffect(() => {
    const box = scrollRef.current;
    if (box) box.scrollLeft = box.scrollWidth;
  }, []);
  // The week's Monday as a whole date in the reader's form: 04.12.2026, 12/04/2026.
  const dayFormat = new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
  const max = niceMax(Math.max(0, ...weeks.flatMap((w) => [w.opened, w.resolved])));
  const width = LEFT + weeks.length * SLOT + 8;
  const height = TOP + PLOT_H + BOTTOM;
  const y = (value: number) => TOP + PLOT_H - (value / max) * PLOT_H;
  const monday = (week: WeekCount) => dayFormat.format(new Date(`${week.week}T00:00:00Z`));
  const title = t('dashboard.weeks');
  return (
    <figure className="chart chart--wide" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart__title">{title}</figcaption>
      <ul className="chart__legend" aria-hidden="true">
        <li><span className="chart__swatch chart__swatch--opened" />{t('dashboard.opened')}</li>
        <li><span className="chart__swatch chart__swatch--resolved" />{t('dashboard.resolved')}</li>
      </ul>
      {/* Focusable, so the keyboard can scroll it on a phone (axe: scrollable-region-focusable). */}
      <div className="chart__scroll" ref={scrollRef} tabIndex={0} role="group" aria-labelledby={titleId}>
        <svg className="chart__svg chart__svg--weeks" viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
          {[0, max / 2, max].filter(Number.isInteger).map((tick) => (
            <g key={tick}>
              <line className="chart__grid" x1={LEFT} x2={width - 4} y1={y(tick)} y2={y(tick)} />
              <text className="chart__axis" x={LEFT - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle">{formatNumber(tick)}</text>
            </g>
          ))}
          {weeks.map((week, index) => {
            const x = LEFT + index * SLOT + (SLOT - 2 * BAR - 2) / 2;
            const label = t('dashboard.weekOf', { week: isoWeek(week.week), date: monday(week) });
            return (
              <g key={week.week}>
                <rect className="chart__bar chart__bar--opened" x={x} y={y(week.opened)} width={BAR} height={TOP + PLOT_H - y(week.opened)}>
                  <title>{`${label}: ${t('dashboard.opened')} ${formatNumber(week.opened)}`}</title>
                </rect>
                <rect className="chart__bar chart__bar--resolved" x={x + BAR + 2} y={y(week.resolved)} width={BAR} height={TOP + PLOT_H - y(week.resolved)}>
                  <title>{`${label}: ${t('dashboard.resolved')} ${formatNumber(week.resolved)}`}</title>
                </rect>
                <text className="chart__axis" x={x + BAR + 1} y={TOP + PLOT_H + 14} textAnchor="middle">{t('dashboard.weekShort', { week: isoWeek(week.week) })}</text>
                <text className="chart__axis chart__axis--small" x={x + BAR + 1} y={TOP + PLOT_H + 28} textAnchor="middle">{monday(week)}</text>
              </g>
            );
          })}
        </svg>
      </div>
      {/* A table cannot be narrower than its content: the wrapper is what is hidden. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr><th scope="col">{t('dashboard.week')}</th><th scope="col">{t('dashboard.opened')}</th><th scope="col">{t('dashboard.resolved')}</th></tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week.week}>
                <th scope="row">{t('dashboard.weekOf', { week: isoWeek(week.week), date: monday(week) })}</th>
                <td>{formatNumber(week.opened)}</td>
                <td>{formatNumber(week.resolved)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
