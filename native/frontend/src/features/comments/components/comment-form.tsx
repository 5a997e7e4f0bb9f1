// Reply to a ticket. Staff may also mark it as an internal note and change the status in the
// same action (only the workflow's next steps are offered).
import { useMemo, useState, type FormEvent } from 'react';
import { CheckboxField, SelectField, TextAreaField } from '@/components/form/field';
import { Alert, ErrorAlert, useFieldErrors } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { isStaff, nextStatuses, type Status } from '@/lib/domain';
import { issuesByField } from '@/lib/form-errors';
import { useI18n } from '@/lib/i18n';
import type { CommentCreate, Me, Ticket } from '@/types/models';
import { commentSchema, useCreateComment } from '../api/create-comment';

export function CommentForm({ ticket, user }: { ticket: Ticket; user: Me }) {
  const { t } = useI18n();
  const staff = isStaff(user.role);
  const schema = useMemo(() => commentSchema(t), [t]);
  const create = useCreateComment(ticket.id);
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [status, setStatus] = useState<Status | ''>('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [sent, setSent] = useState<'reply' | 'note' | null>(null);
  const statuses = staff ? nextStatuses(user, ticket) : [];

  function submit(event: FormEvent) {
    event.preventDefault();
    setSent(null);
    const parsed = schema.safeParse({ body, ...(staff ? { internal, status: status || undefined } : {}) });
    if (!parsed.success) {
      setErrors(issuesByField(parsed.error.issues));
      return;
    }
    setErrors({});
    // A user sends only the text: `internal` and `status` are staff fields the API refuses.
    const payload: CommentCreate = { body };
    if (staff) {
      payload.internal = internal;
      if (status) payload.status = status;
    }
    create.mutate(payload, {
      onSuccess: () => {
        setBody('');
        setInternal(false);
        setStatus('');
        setSent(payload.internal ? 'note' : 'reply');
      },
    });
  }

  const shown = { ...useFieldErrors(create.error), ...errors };
  return (
    <form className="form comment-form" onSubmit={submit} noValidate>
      <ErrorAlert error={create.error} />
      {sent && !create.isError ? <Alert tone="success">{t(sent === 'note' ? 'comments.sentInternal' : 'comments.sent')}</Alert> : null}
      <TextAreaField label={t('comments.body')} name="body" rows={5} value={body} required error={shown.body}
        onChange={(e) => setBody(e.target.value)} />
      {staff ? (
        <div className="form__row">
          <CheckboxField label={t('comments.internalField')} name="internal" checked={internal} error={shown.internal}
            onChange={(e) => setInternal(e.target.checked)} />
          {statuses.length ? (
            <SelectField label={t('comments.statusField')} name="status" value={status} error={shown.status}
              onChange={(e) => setStatus(e.target.value as Status | '')}
              options={[{ value: '', label: t('comments.noStatusChange') }, ...statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))]} />
          ) : null}
        </div>
      ) : null}
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? t('comments.submitting') : internal ? t('comments.submitInternal') : t('comments.submit')}
      </Button>
    </form>
  );
}
