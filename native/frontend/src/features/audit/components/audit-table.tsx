import { Link } from 'react-router';
import { useI18n, type MessageKey } from '@/lib/i18n';
import type { AuditEntry } from '@/types/models';
import { AUDIT_ACTIONS, AUDIT_ENTITIES } from '../api/get-audit';
import { AuditValues } from './audit-values';

/** The log: a table that scrolls inside its box on wide screens, cards on a phone (CSS). */
export function AuditTable({ entries, actorLink }: { entries: readonly AuditEntry[]; actorLink: (actorId: number) => string }) {
  const { t, formatDate } = useI18n();
  const actionLabel = (action: string) =>
    (AUDIT_ACTIONS as readonly string[]).includes(action) ? t(`audit.action.${action}` as MessageKey) : action;
  const entityLabel = (entity: string) =>
    (AUDIT_ENTITIES as readonly string[]).includes(entity) ? t(`audit.entity.${entity}` as MessageKey) : entity;
  return (
    <div className="table-wrap">
      <table className="table table--cards audit-table">
        <caption className="visually-hidden">{t('audit.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.col.when')}</th>
            <th scope="col">{t('audit.col.who')}</th>
            <th scope="col">{t('audit.col.action')}</th>
            <th scope="col">{t('audit.col.entity')}</th>
            <th scope="col">{t('audit.col.before')}</th>
            <th scope="col">{t('audit.col.after')}</th>
            <th scope="col">{t('audit.col.client')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td data-label={t('audit.col.when')}><time dateTime={entry.occurred_at}>{formatDate(entry.occurred_at)}</time></td>
              <td data-label={t('audit.col.who')}>
                {entry.actor_id !== null ? (
                  <Link to={actorLink(entry.actor_id)} title={t('audit.byActor', { name: entry.actor_username ?? `#${entry.actor_id}` })}>
                    {entry.actor_username ?? `#${entry.actor_id}`}
                  </Link>
                ) : <span>{entry.actor_username ?? t('audit.nobody')}</span>}
              </td>
              <td data-label={t('audit.col.action')}>
                <span className="audit-action">{actionLabel(entry.action)}</span>
              </td>
              <td data-label={t('audit.col.entity')}>
                {entry.entity_type === 'ticket' && entry.entity_id !== null
                  ? <Link to={`/tickets/${entry.entity_id}`}>{entityLabel(entry.entity_type)} #{entry.entity_id}</Link>
                  : <span>{entityLabel(entry.entity_type)}{entry.entity_id !== null ? ` #${entry.entity_id}` : ''}</span>}
              </td>
              <td data-label={t('audit.col.before')}><AuditValues values={entry.before} /></td>
              <td data-label={t('audit.col.after')}><AuditValues values={entry.after} /></td>
              <td data-label={t('audit.col.client')} className="cell-break">{entry.client_address ?? t('audit.nobody')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
