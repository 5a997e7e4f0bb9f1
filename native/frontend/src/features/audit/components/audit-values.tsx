// An audit entry's before/after snapshot in words: each field by its label, codes (status,
// role, language, sort, reason …) by their label, true/false as yes/no, times in the reader's
// format. Only a field or value this page does not know yet is shown as recorded.
import { CATEGORIES, PRIORITIES, ROLES, STATUSES } from '@/lib/domain';
import { hasMessage, LANGUAGES, useI18n, type Translate } from '@/lib/i18n';

/** A recorded value as plain text: strings as they are, everything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

// Fields whose value is a code, each with the message key of its label.
const CODE_FIELDS: Record<string, { codes: readonly string[]; key: (code: string) => string }> = {
  status: { codes: STATUSES, key: (c) => `status.${c}` },
  priority: { codes: PRIORITIES, key: (c) => `priority.${c}` },
  category: { codes: CATEGORIES, key: (c) => `category.${c}` },
  role: { codes: ROLES, key: (c) => `role.${c}` },
  language: { codes: LANGUAGES, key: (c) => `language.${c}` },
  sort: { codes: ['-updated', 'updated', '-created', 'created', '-priority', 'priority'], key: (c) => `tickets.sort.${c}` },
  reason: { codes: ['wrong credentials', 'deactivated'], key: (c) => `audit.reason.${c}` },
};
// Fields whose value is an account id. The log records only the id, so it is shown as "#2".
const PERSON_FIELDS = new Set(['assigned_to', 'created_by', 'updated_by', 'last_updated_by', 'user_id', 'assignee']);
const TIME_FIELDS = new Set(['exported_at']);

/** A field's label ("is_active" → "Active"), or the field as recorded when it is new. */
export function fieldLabel(field: string, t: Translate): string {
  const key = `audit.key.${field}`;
  return hasMessage(key) ? t(key) : field;
}

function AuditValue({ field, value }: { field: string; value: unknown }) {
  const { t, formatDate } = useI18n();
  const coded = CODE_FIELDS[field];
  if (coded && typeof value === 'string' && coded.codes.includes(value)) {
    const key = coded.key(value);
    if (hasMessage(key)) return <>{t(key)}</>;
  }
  if (typeof value === 'boolean') return <>{t(value ? 'audit.yes' : 'audit.no')}</>;
  if (PERSON_FIELDS.has(field)) {
    if (value === null) return <>{t('audit.nobodyAssigned')}</>;
    if (value === 'me') return <>{t('audit.me')}</>;
    if (value === 'none') return <>{t('audit.nobodyAssigned')}</>;
    if (typeof value === 'number') {
      return (
        <>
          <span aria-hidden="true" title={t('audit.account', { id: value })}>#{value}</span>
          <span className="visually-hidden">{t('audit.account', { id: value })}</span>
        </>
      );
    }
  }
  if (TIME_FIELDS.has(field) && typeof value === 'string' && !Number.isNaN(Date.parse(value))) {
    return <time dateTime={value}>{formatDate(value)}</time>;
  }
  if (value === null || value === '') return <span className="muted">{t('audit.empty.value')}</span>;
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
          <dt>{fieldLabel(key, t)}</dt>
          <dd><AuditValue field={key} value={value} /></dd>
        </div>
      ))}
    </dl>
  );
}
