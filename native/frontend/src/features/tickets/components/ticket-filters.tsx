import { useState, type FormEvent } from 'react';
import { CheckboxField, SelectField, TextField, type Option } from '@/components/form/field';
import { Button } from '@/components/ui/button';
import { CATEGORIES, PRIORITIES, SORTS, STATUSES } from '@/lib/domain';
import { useI18n } from '@/lib/i18n';
import { PER_PAGE_CHOICES, type TicketFilters as Filters } from '../api/get-tickets';
import './ticket-filters.css';
import { useAssignableUsers } from '../api/get-assignable-users';

type Props = {
  filters: Filters;
  /** Sets (or with '' removes) filters; the page goes back to 1. */
  onChange: (changes: Partial<Filters>) => void;
  onClear: () => void;
  staff: boolean;
};

export function TicketFilters({ filters, onChange, onClear, staff }: Props) {
  const { t } = useI18n();
  const assignable = useAssignableUsers({ enabled: staff });
  const [q, setQ] = useState(filters.q ?? '');
  const [lastQ, setLastQ] = useState(filters.q ?? '');
  // On a phone the selects fold away behind a toggle (CSS shows them always on wider screens).
  const [open, setOpen] = useState(false);
  if ((filters.q ?? '') !== lastQ) {
    // The URL changed (back button, clear): show its search text.
    setLastQ(filters.q ?? '');
    setQ(filters.q ?? '');
  }
  const any: Option = { value: '', label: t('common.any') };
  const active = (['status', 'priority', 'category', 'assignee', 'created_by', 'unread'] as const).filter((key) => filters[key]).length;
  const people = (assignable.data?.items ?? []).map((u) => ({ value: String(u.id), label: u.username }));

  function search(event: FormEvent) {
    event.preventDefault();
    onChange({ q: q.trim() });
  }

  return (
    <form className={open ? 'filters filters--open' : 'filters'} role="search" aria-label={t('tickets.filters')} onSubmit={search}>
      <div className="filters__search">
        <TextField label={t('tickets.search')} type="search" name="q" value={q} maxLength={200}
          onChange={(event) => setQ(event.target.value)} />
        <Button type="submit">{t('tickets.searchButton')}</Button>
      </div>
      <Button variant="ghost" className="filters__toggle" aria-expanded={open} aria-controls="ticket-filter-fields"
        onClick={() => setOpen(!open)}>
        {open ? t('tickets.hideFilters') : t('tickets.showFilters')}
        {active ? ` (${active})` : ''}
      </Button>
      <div className="filters__grid" id="ticket-filter-fields">
        <SelectField label={t('tickets.status')} name="status" value={filters.status ?? ''}
          onChange={(e) => onChange({ status: e.target.value })}
          options={[any, ...STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]} />
        <SelectField label={t('tickets.priority')} name="priority" value={filters.priority ?? ''}
          onChange={(e) => onChange({ priority: e.target.value })}
          options={[any, ...PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))]} />
        <SelectField label={t('tickets.category')} name="category" value={filters.category ?? ''}
          onChange={(e) => onChange({ category: e.target.value })}
          options={[any, ...CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))]} />
        {staff ? (
          <>
            <SelectField label={t('tickets.assignee')} name="assignee" value={filters.assignee ?? ''}
              onChange={(e) => onChange({ assignee: e.target.value })}
              options={[any, { value: 'me', label: t('tickets.assigneeMe') }, { value: 'none', label: t('tickets.assigneeNone') }, ...people]} />
            <SelectField label={t('tickets.createdBy')} name="created_by" value={filters.created_by ?? ''}
              onChange={(e) => onChange({ created_by: e.target.value })}
              options={withCurrent([any, { value: 'me', label: t('tickets.createdByMe') }, ...people], filters.created_by)} />
          </>
        ) : null}
        <CheckboxField label={t('tickets.unreadOnly')} name="unread" checked={filters.unread === 'true'}
          className="filters__check" onChange={(e) => onChange({ unread: e.target.checked ? 'true' : '' })} />
        <SelectField label={t('tickets.sort')} name="sort" value={filters.sort ?? '-updated'}
          onChange={(e) => onChange({ sort: e.target.value === '-updated' ? '' : e.target.value })}
          options={SORTS.map((s) => ({ value: s, label: t(`tickets.sort.${s}`) }))} />
        <SelectField label={t('tickets.perPage')} name="per_page" value={filters.per_page ?? '25'}
          onChange={(e) => onChange({ per_page: e.target.value === '25' ? '' : e.target.value })}
          options={PER_PAGE_CHOICES.map((n) => ({ value: n, label: n }))} />
      </div>
      <div className="filters__actions" id="ticket-filter-actions">
        <Button variant="ghost" onClick={onClear}>{t('tickets.clearFilters')}</Button>
      </div>
    </form>
  );
}

/** Keeps a value from the URL selectable even when it is not among the known people. */
function withCurrent(options: Option[], current: string | undefined): Option[] {
  if (!current || options.some((o) => o.value === current)) return options;
  return [...options, { value: current, label: `#${current}` }];
}
