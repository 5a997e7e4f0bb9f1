// Administrators delete an account after confirming it in place. The API refuses an account
// with tickets or comments (and one's own) and says why; that message is shown here.
import { useState } from 'react';
import { ErrorAlert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useI18n } from '@/lib/i18n';
import type { UserRead } from '@/types/models';
import { useDeleteUser } from '../api/delete-user';

export function DeleteUser({ user, onDeleted }: { user: UserRead; onDeleted: () => void }) {
  const { t } = useI18n();
  const remove = useDeleteUser(user.id);
  const [asking, setAsking] = useState(false);
  return (
    <section className="panel panel--danger" aria-labelledby="delete-user-title">
      <h2 id="delete-user-title">{t('users.deleteTitle')}</h2>
      <p className="muted">{t('users.deleteHint')}</p>
      {asking ? (
        <div role="group" aria-labelledby="delete-user-question">
          <ErrorAlert error={remove.error} />
          <p id="delete-user-question">{t('users.deleteConfirm', { name: user.username })}</p>
          <div className="button-row">
            <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(undefined, { onSuccess: onDeleted })}>
              {t('users.deleteYes', { name: user.username })}
            </Button>
            <Button variant="secondary" onClick={() => { setAsking(false); remove.reset(); }}>{t('common.cancel')}</Button>
          </div>
        </div>
      ) : (
        <Button variant="danger" onClick={() => setAsking(true)}>{t('users.delete', { name: user.username })}</Button>
      )}
    </section>
  );
}
