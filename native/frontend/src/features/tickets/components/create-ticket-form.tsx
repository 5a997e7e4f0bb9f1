import { useMemo, useState, type FormEvent } from 'react';
import { SelectField, TextAreaField, TextField } from '@/components/form/field';
import { ErrorAlert, useFieldErrors } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CATEGORIES, PRIORITIES, TEXT_MAX, TITLE_MAX } from '@/lib/domain';
import { issuesByField } from '@/lib/form-errors';
import { useI18n } from '@/lib/i18n';
import type { Ticket, TicketCreate } from '@/types/models';
import { createTicketSchema, useCreateTicket } from '../api/create-ticket';

export function CreateTicketForm({ onCreated }: { onCreated: (ticket: Ticket) => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => createTicketSchema(t), [t]);
  const create = useCreateTicket();
  const [errors, setErrors] = useState<Record<string, string>>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = schema.safeParse({
      title: data.get('title') ?? '',
      description: data.get('description') ?? '',
      category: data.get('category') ?? '',
      priority: data.get('priority') ?? 'medium',
    });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error.issues));
      return;
    }
    setErrors({});
    create.mutate(parsed.data as TicketCreate, { onSuccess: onCreated });
  }

  const shown = { ...useFieldErrors(create.error), ...errors };
  return (
    <form className="form" onSubmit={submit} noValidate>
      {Object.keys(errors).length ? <p className="alert alert--error" role="alert">{t('common.fieldProblem')}</p> : null}
      <ErrorAlert error={create.error} />
      <TextField label={t('newTicket.field.title')} name="title" required error={shown.title}
        hint={t('newTicket.titleHint', { max: TITLE_MAX })} />
      <TextAreaField label={t('newTicket.field.description')} name="description" rows={8} error={shown.description}
        hint={t('newTicket.descriptionHint', { max: TEXT_MAX })} />
      <div className="form__row">
        <SelectField label={t('newTicket.field.category')} name="category" required defaultValue="" error={shown.category}
          options={[{ value: '', label: t('newTicket.chooseCategory') }, ...CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))]} />
        <SelectField label={t('newTicket.field.priority')} name="priority" defaultValue="medium" error={shown.priority}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
      </div>
      <Button type="submit" disabled={create.isPending}>{create.isPending ? t('newTicket.submitting') : t('newTicket.submit')}</Button>
    </form>
  );
}
