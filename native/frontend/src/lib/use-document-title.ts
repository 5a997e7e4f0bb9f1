import { useEffect } from 'react';

/** "<page> · Helpdesk" in the browser's tab. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Helpdesk` : 'Helpdesk';
  }, [title]);
}
