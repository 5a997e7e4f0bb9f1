// Messages after an action: errors as role="alert" (announced at once), confirmations as
// role="status".
import type { ReactNode } from 'react';
import { errorMessage, fieldMessages } from '@/lib/api-errors';
import { useI18n } from '@/lib/i18n';

type Tone = 'error' | 'success' | 'info' | 'warning';

export function Alert({ tone = 'info', children, title }: { tone?: Tone; children: ReactNode; title?: ReactNode }) {
  const role = tone === 'error' ? 'alert' : 'status';
  return (
    <div className={`alert alert--${tone}`} role={role}>
      {title ? <p className="alert__title">{title}</p> : null}
      <div>{children}</div>
    </div>
  );
}

/** The API error in the reader's language (by its code, with any wait in words). */
export function ErrorAlert({ error }: { error: unknown }) {
  const { language } = useI18n();
  if (!error) return null;
  return <Alert tone="error">{errorMessage(error, language)}</Alert>;
}

/** The API's per-field problems in the reader's language, for showing beside the inputs. */
export function useFieldErrors(error: unknown): Record<string, string> {
  const { language } = useI18n();
  return fieldMessages(error, language);
}
