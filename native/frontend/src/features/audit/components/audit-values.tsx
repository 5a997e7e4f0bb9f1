import { useI18n } from '@/lib/i18n';

/** A recorded value as plain text: strings as they are, everything else as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
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
          <dd>{valueText(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
