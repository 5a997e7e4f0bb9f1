import { useState, type FormEvent } from 'react';
import { SelectField, TextField, type Option } from '@/components/form/field';
import { Button } from '@/components/ui/button';
import { ROLES } from '@/lib/domain';
import { useI18n } from '@/lib/i18n';
import type { UserFilters as Filters } from '../api/get-users';

type Props = {
  filters: Filters;
  /** Sets (or with '' removes) filters; the page goes back to 1. */
  onChange: (changes: Partial<Filters>) => void;
  onClear: () => void;
};

export function UsersFilters({ filters, onChange, onClear }: Props) {
  const { t } = useI18n();
  const [q, setQ] = useState(filters.q ?? '');
  const [lastQ, setLastQ] = useState(filters.q ?? '');
  if ((filters.q ?? '') !== lastQ) {
    // The URL changed (back button, clear): show its search text.
    setLastQ(filters.q ?? '');
    setQ(filters.q ?? '');
  }
  const any: Option = { value: '', label: t('common.any') };

  function search(event: FormEvent) {
    event.preventDefault();
    onChange({ q: q.trim() });
  }

  return (
    <form className="filters filters--open" role="search" aria-label={t('users.filters')} onSubmit={search}>
      <div className="filters__search">
        <TextField label={t('users.search')} hint={t('users.searchHint')} type="search" name="q" value={q} maxLength={64}
          onChange={(event) => setQ(event.target.value)} />
        <Button type="submit">{t('users.searchButton')}</Button>
      </div>
      <div className="filters__grid">
        <SelectField label={t('users.field.role')} name="role" value={filters.role ?? ''}
          onChange={(e) => onChange({ role: e.target.value })}
          options={[any, ...ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))]} />
        <SelectField label={t('users.field.state')} name="active" value={filters.active ?? ''}
          onChange={(e) => onChange({ active: e.target.value })}
          options={[any, { value: 'true', label: t('users.active') }, { value: 'false', label: t('users.inactive') }]} />
      </div>
      <div className="filters__actions">
        <Button variant="ghost" onClick={onClear}>{t('users.clearFilters')}</Button>
      </div>
    </form>
  );
}
