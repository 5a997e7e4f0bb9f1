import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { I18nProvider, type Language } from '@/lib/i18n';

export function AppProvider({ queryClient, language, children }: { queryClient: QueryClient; language?: Language; children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider language={language}>{children}</I18nProvider>
    </QueryClientProvider>
  );
}
