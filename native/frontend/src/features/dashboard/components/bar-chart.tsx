// A horizontal bar chart as a small SVG. Colours come from CSS classes (the theme's
// variables); each bar has a <title> for pointer users, and the figures are also in a
// visually hidden table for screen readers (the drawing itself is hidden from them).
import { useId } from 'react';
import { useI18n } from '@/lib/i18n';
import { niceMax } from './chart-math';

export type Bar = { key: string; label: string; value: number; className?: string };

const LABEL_W = 110;
const BAR_W = 150;
const VALUE_W = 40;
const ROW_H = 30;
const BAR_H = 18;

export function BarChart({ title, bars, valueLabel }: { title: string; bars: readonly Bar[]; valueLabel: string }) {
  const { formatNumber } = useI18n();
  const titleId = useId();
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const width = LABEL_W + BAR_W + VALUE_W;
  const height = bars.length * ROW_H + 4;
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart__title">{title}</figcaption>
      <svg className="chart__svg chart__svg--bars" viewBox={`0 0 ${width} ${height}`} aria-hidden="true" focusable="false">
        {bars.map((bar, index) => {
          const y = index * ROW_H + 2;
          const length = bar.value > 0 ? Math.max(2, (bar.value / max) * BAR_W) : 0;
          return (
            <g key={bar.key}>
              <title>{`${bar.label}: ${formatNumber(bar.value)}`}</title>
              <text className="chart__label" x={LABEL_W - 8} y={y + ROW_H / 2} textAnchor="end" dominantBaseline="middle">{bar.label}</text>
              <rect className="chart__track" x={LABEL_W} y={y + (ROW_H - BAR_H) / 2} width={BAR_W} height={BAR_H} rx={3} />
              <rect className={['chart__bar', bar.className ?? ''].join(' ').trim()} x={LABEL_W} y={y + (ROW_H - BAR_H) / 2}
                width={length} height={BAR_H} rx={3} />
              <text className="chart__value" x={LABEL_W + length + 6} y={y + ROW_H / 2} dominantBaseline="middle">{formatNumber(bar.value)}</text>
            </g>
          );
        })}
      </svg>
      {/* A table cannot be narrower than its content: the wrapper is what is hidden. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead><tr><th scope="col">{title}</th><th scope="col">{valueLabel}</th></tr></thead>
          <tbody>
            {bars.map((bar) => (
              <tr key={bar.key}><th scope="row">{bar.label}</th><td>{formatNumber(bar.value)}</td></tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
