import { hasMessage, useI18n, type MessageKey } from '@/lib/i18n';
import { Button } from './button';

type Props = {
  page: number; perPage: number; total: number; totalCapped: boolean; onPage: (page: number) => void;
  /** How the total is worded ({total} is filled in); tickets by default. A key with "One"
   *  appended (pagination.totalOne), when it exists, words a total of exactly one. */
  totalKey?: MessageKey;
};

export function Pagination({ page, perPage, total, totalCapped, onPage, totalKey = 'pagination.total' }: Props) {
  const { t, formatNumber } = useI18n();
  const pages = Math.max(1, Math.ceil(total / perPage));
  const hasNext = totalCapped ? true : page < pages;
  const singular = `${totalKey}One`;
  const wording = total === 1 && hasMessage(singular) ? singular : totalKey;
  return (
    <nav className="pagination" aria-label={t('pagination.label')}>
      <Button variant="secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>{t('pagination.previous')}</Button>
      <span className="pagination__status">
        {totalCapped ? <>{t('pagination.page', { page })} · {t('pagination.totalCapped', { total: formatNumber(total) })}</>
          : <>{t('pagination.status', { page, pages })} · {t(wording, { total: formatNumber(total) })}</>}
      </span>
      <Button variant="secondary" disabled={!hasNext} onClick={() => onPage(page + 1)}>{t('pagination.next')}</Button>
    </nav>
  );
}
