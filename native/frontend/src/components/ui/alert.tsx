// Messages after an action: errors as role="alert" (announced at once), confirmations as
// role="status".
import type { ReactNode } from 'react';
import { isApiError } from '@/lib/api-client';
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

/** The API error's message (plus the wait time of a 429), or a generic one. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  const message = error instanceof Error && error.message ? error.message : t('common.error');
  const wait = isApiError(error) && error.status === 429 && error.retryAfter !== null
    ? ` ${t('common.retryIn', { seconds: error.retryAfter })}`
    : '';
  return <Alert tone="error">{message}{wait}</Alert>;
}

/** The API's per-field problems, for showing beside the inputs. */
export function fieldErrors(error: unknown): Record<string, string> {
  return isApiError(error) ? error.fields : {};
}
