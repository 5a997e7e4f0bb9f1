import { CATEGORIES, PRIORITIES, ROLES, STATUSES } from '@/lib/domain';
import { useI18n, type MessageKey } from '@/lib/i18n';

/** A recorded value as plain text: strings as they are, everything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

// Fields whose value is a code with a translation (status.*, priority.*, …).
const CODE_FIELDS: Record<string, readonly string[]> = {
  status: STATUSES, priority: PRIORITIES, category: CATEGORIES, role: ROLES,
};
// Fields whose value is an account id. The log records only the id, so it is shown as "#2".
const PERSON_FIELDS = new Set(['assigned_to', 'created_by', 'updated_by', 'last_updated_by', 'user_id']);

function AuditValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useI18n();
  const codes = CODE_FIELDS[field];
  if (codes && typeof value === 'string' && codes.includes(value)) {
    return <>{t(`${field}.${value}` as MessageKey)}</>;
  }
  if (PERSON_FIELDS.has(field) && typeof value === 'number') {
    return (
      <>
        <span aria-hidden="true" title={t('audit.account', { id: value })}>#{value}</span>
        <span className="visually-hidden">{t('audit.account', { id: value })}</span>
      </>
    );
  }
  return <>{valueText(value)}</>;
}

/** The before/after snapshot of an audit entry as a list of "field: value" lines (text only). */
export function AuditValues({ values }: { values: Record<string, unknown> | null | undefined }) {
  const { t } = useI18n();
  if (!values || Object.keys(values).length === 0) return <span className="muted">{t('audit.none')}</span>;
  return (
    <dl className="audit-values">
      {Object.entries(values).map(([key, value]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd><AuditValue field={key} value={value} /></dd>
        </div>
      ))}
    </dl>
  );
}
