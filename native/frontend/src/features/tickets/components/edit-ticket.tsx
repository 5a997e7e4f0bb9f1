// The creator and staff may correct a ticket's title and description (PATCH with version).
import { useMemo, useState, type FormEvent } from 'react';
import { TextAreaField, TextField } from '@/components/form/field';
import { Alert, ErrorAlert, useFieldErrors } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { isApiError } from '@/lib/api-client';
import { issuesByField } from '@/lib/form-errors';
import { useI18n } from '@/lib/i18n';
import type { Ticket } from '@/types/models';
import { createTicketSchema } from '../api/create-ticket';
import { useUpdateTicket } from '../api/update-ticket';

export function EditTicket({ ticket }: { ticket: Ticket }) {
  const { t } = useI18n();
  const update = useUpdateTicket(ticket.id);
  const schema = useMemo(() => createTicketSchema(t).pick({ title: true, description: true }), [t]);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const conflict = isApiError(update.error) && update.error.status === 409;
  const serverErrors = useFieldErrors(update.error);

  if (!editing) {
    return (
      <div className="edit-ticket">
        {saved ? <Alert tone="success">{t('ticket.edited')}</Alert> : null}
        {conflict ? <Alert tone="error">{t('ticket.conflict')}</Alert> : null}
        <Button variant="secondary" onClick={() => { setEditing(true); setSaved(false); update.reset(); }}>{t('ticket.edit')}</Button>
      </div>
    );
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = schema.safeParse({ title: data.get('title') ?? '', description: data.get('description') ?? '' });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error.issues));
      return;
    }
    setErrors({});
    update.mutate({ ...parsed.data, version: ticket.version }, {
      onSuccess: () => {
        setEditing(false);
        setSaved(true);
      },
      onError: (error) => {
        // After a conflict the newer ticket is loaded; editing starts again from it.
        if (isApiError(error) && error.status === 409) setEditing(false);
      },
    });
  }

  const shown = { ...serverErrors, ...errors };
  return (
    <form className="form panel" onSubmit={submit} noValidate>
      <ErrorAlert error={update.error} />
      <TextField label={t('newTicket.field.title')} name="title" defaultValue={ticket.title} required error={shown.title} />
      <TextAreaField label={t('newTicket.field.description')} name="description" rows={6} defaultValue={ticket.description}
        error={shown.description} />
      <div className="button-row">
        <Button type="submit" disabled={update.isPending}>{t('ticket.editSave')}</Button>
        <Button variant="secondary" onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
}
