// The dashboard: key figures and four charts from GET /stats.
import { ErrorAlert } from '@/components/ui/alert';
import { Loading } from '@/components/ui/spinner';
import { CATEGORIES, PRIORITIES, STATUSES } from '@/lib/domain';
import { useI18n, type Translate } from '@/lib/i18n';
import { useStats } from '../api/get-stats';
import { BarChart } from './bar-chart';
import { WeeksChart } from './weeks-chart';

/** 5.5 -> "5.5 hours"; 50 -> "2.1 days"; under an hour in minutes. */
export function formatDuration(hours: number, t: Translate, formatNumber: (n: number) => string): string {
  if (hours < 1) return t('dashboard.minutes', { n: formatNumber(Math.round(hours * 60)) });
  if (hours < 48) return t('dashboard.hours', { n: formatNumber(Math.round(hours * 10) / 10) });
  return t('dashboard.days', { n: formatNumber(Math.round((hours / 24) * 10) / 10) });
}

export function Dashboard() {
  const { t, formatNumber } = useI18n();
  const stats = useStats();
  if (stats.isPending) return <Loading />;
  if (stats.isError) return <ErrorAlert error={stats.error} />;
  const data = stats.data;
  const open = (data.by_status.new ?? 0) + (data.by_status.in_progress ?? 0);
  const count = t('dashboard.count');
  return (
    <div className="dashboard">
      <dl className="figures">
        <div className="figure">
          <dt>{t('dashboard.total')}</dt>
          <dd>{formatNumber(data.total)}</dd>
        </div>
        <div className="figure">
          <dt>{t('dashboard.open')}</dt>
          <dd>{formatNumber(open)}</dd>
        </div>
        <div className="figure">
          <dt>{t('dashboard.median')}</dt>
          <dd>{data.median_resolution_hours === null ? t('dashboard.noMedian') : formatDuration(data.median_resolution_hours, t, formatNumber)}</dd>
        </div>
      </dl>
      <div className="chart-grid">
        <BarChart title={t('dashboard.byStatus')} valueLabel={count}
          bars={STATUSES.map((s) => ({ key: s, label: t(`status.${s}`), value: data.by_status[s] ?? 0, className: `chart__bar--status-${s}` }))} />
        <BarChart title={t('dashboard.byPriority')} valueLabel={count}
          bars={PRIORITIES.map((p) => ({ key: p, label: t(`priority.${p}`), value: data.by_priority[p] ?? 0, className: `chart__bar--priority-${p}` }))} />
        <BarChart title={t('dashboard.byCategory')} valueLabel={count}
          bars={CATEGORIES.map((c) => ({ key: c, label: t(`category.${c}`), value: data.by_category[c] ?? 0 }))} />
      </div>
      <WeeksChart weeks={data.weeks} />
    </div>
  );
}
