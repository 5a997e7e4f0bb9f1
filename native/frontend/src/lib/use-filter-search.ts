// The list pages (tickets, users, audit) keep their filters and page in the URL.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

type FilterChanges = Partial<Record<string, string | undefined>>;

/**
 * The page's search parameters; `change`, which sets the given keys (an empty value
 * removes one) and returns to the first page unless the change is the page itself; and
 * `clear`, which removes every filter.
 */
export function useFilterSearch<F extends FilterChanges>(): [
  URLSearchParams,
  (changes: Partial<F>) => void,
  () => void,
] {
  const [search, setSearch] = useSearchParams();
  const change = useCallback((changes: Partial<F>) => {
    setSearch((current) => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(changes as FilterChanges)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      if (!('page' in changes)) next.delete('page');
      return next;
    });
  }, [setSearch]);
  const clear = useCallback(() => setSearch(new URLSearchParams()), [setSearch]);
  return [search, change, clear];
}
