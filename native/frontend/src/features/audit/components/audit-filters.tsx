import { useState, type FormEvent } from 'react';
import { SelectField, TextField, type Option } from '@/components/form/field';
import { Button } from '@/components/ui/button';
import { useI18n, type MessageKey } from '@/lib/i18n';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, type AuditFilters as Filters } from '../api/get-audit';

type Props = {
  filters: Filters;
  /** Sets (or with '' removes) filters; the page goes back to 1. */
  onChange: (changes: Partial<Filters>) => void;
  onClear: () => void;
};

/** Select filters apply at once; the typed ones (numbers, days) with the Apply button. */
export function AuditFilters({ filters, onChange, onClear }: Props) {
  const { t } = useI18n();
  const typed = { actor_id: filters.actor_id ?? '', entity_id: filters.entity_id ?? '', from: filters.from ?? '', to: filters.to ?? '' };
  const [draft, setDraft] = useState(typed);
  const [last, setLast] = useState(typed);
  if (JSON.stringify(typed) !== JSON.stringify(last)) {
    // The URL changed (back button, clear, a click on an actor): show its values.
    setLast(typed);
    setDraft(typed);
  }
  const any: Option = { value: '', label: t('common.any') };
  const [problem, setProblem] = useState<string | null>(null);

  function apply(event: FormEvent) {
    event.preventDefault();
    const ids = { actor_id: draft.actor_id.trim(), entity_id: draft.entity_id.trim() };
    for (const value of Object.values(ids)) {
      if (value && !/^[1-9][0-9]{0,9}$/.test(value)) {
        setProblem(t('audit.idInvalid'));
        return;
      }
    }
    if (draft.from && draft.to && draft.from > draft.to) {
      setProblem(t('audit.rangeInvalid'));
      return;
    }
    setProblem(null);
    onChange({ ...ids, from: draft.from, to: draft.to });
  }

  const set = (name: keyof typeof draft) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [name]: event.target.value }));

  return (
    <form className="filters filters--open audit-filters" role="search" aria-label={t('audit.filters')} onSubmit={apply} noValidate>
      <div className="filters__grid">
        <SelectField label={t('audit.field.action')} name="action" value={filters.action ?? ''}
          onChange={(e) => onChange({ action: e.target.value })}
          options={[any, ...AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`audit.action.${a}` as MessageKey) }))]} />
        <SelectField label={t('audit.field.entity')} name="entity_type" value={filters.entity_type ?? ''}
          onChange={(e) => onChange({ entity_type: e.target.value })}
          options={[any, ...AUDIT_ENTITIES.map((e) => ({ value: e, label: t(`audit.entity.${e}` as MessageKey) }))]} />
        <TextField label={t('audit.field.entityId')} name="entity_id" inputMode="numeric" value={draft.entity_id} onChange={set('entity_id')}
          error={problem && draft.entity_id && !/^[1-9][0-9]{0,9}$/.test(draft.entity_id.trim()) ? problem : undefined} />
        <TextField label={t('audit.field.actorId')} name="actor_id" inputMode="numeric" value={draft.actor_id} onChange={set('actor_id')}
          error={problem && draft.actor_id && !/^[1-9][0-9]{0,9}$/.test(draft.actor_id.trim()) ? problem : undefined} />
        <TextField label={t('audit.field.from')} name="from" type="date" value={draft.from} onChange={set('from')} />
        <TextField label={t('audit.field.to')} name="to" type="date" value={draft.to} onChange={set('to')}
          error={problem === t('audit.rangeInvalid') ? problem : undefined} />
      </div>
      <div className="filters__actions button-row">
        <Button variant="ghost" onClick={() => { setProblem(null); onClear(); }}>{t('audit.clearFilters')}</Button>
        <Button type="submit">{t('audit.apply')}</Button>
      </div>
    </form>
  );
}
