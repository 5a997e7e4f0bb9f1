import { Link } from 'react-router';
import { useI18n } from '@/lib/i18n';
import type { Notifications } from '@/types/models';
import { useNotifications } from '../api/get-notifications';
import { useLiveTicket } from '../api/use-live-ticket';

/** Where the bell leads: the one unread ticket, the unread-only list when there are several. */
export function bellTarget(data: Notifications): string {
  const first = data.tickets[0];
  if (data.count === 1 && first) return `/tickets/${first.id}`;
  return data.count > 1 ? '/tickets?unread=true' : '/tickets';
}

/** The bell in the navigation: how many tickets have unread activity. Its poll also keeps
 * the open ticket current (useLiveTicket). */
export function NotificationBadge() {
  const { t } = useI18n();
  const { data } = useNotifications();
  useLiveTicket(data);
  // Nothing until the count is known: a "0" while loading would be wrong.
  if (!data) return null;
  const count = data.count;
  const label = t('nav.notifications', { count });
  return (
    <Link to={bellTarget(data)} className={count ? 'bell bell--active' : 'bell'}
      aria-label={label} title={label}>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20">
        <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      <span className="bell__count" aria-hidden="true">{count}</span>
    </Link>
  );
}
