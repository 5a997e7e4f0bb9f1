// The ticket's one form "Reply and ticket details": a reply (staff: or an internal note) and,
// for staff, status, priority, category and assignee, sent as one PATCH with the version it
// was based on. Staff may change only the details (no reply needed); the reporter replies.
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { CheckboxField, SelectField, TextAreaField } from '@/components/form/field';
import { Alert, ErrorAlert, useFieldErrors } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { isApiError } from '@/lib/api-client';
import { CATEGORIES, PRIORITIES, TEXT_MAX, isStaff, nextStatuses, type Category, type Priority, type Status } from '@/lib/domain';
import type { Translate } from '@/lib/i18n';
import { useI18n } from '@/lib/i18n';
import type { Me, Ticket, TicketUpdate } from '@/types/models';
import { useAssignableUsers } from '../api/get-assignable-users';
import { useUpdateTicket } from '../api/update-ticket';

type Details = { status: Status; priority: Priority; category: Category; assignee: string };
type Notice = 'reply' | 'note' | 'saved' | 'unchanged' | null;

const detailsOf = (ticket: Ticket): Details => ({
  status: ticket.status, priority: ticket.priority, category: ticket.category,
  assignee: ticket.assigned_to ? String(ticket.assigned_to.id) : '',
});

/** The reply's rules (the API's ReplyIn); a reply is required only when nothing else changes. */
export function replySchema(t: Translate, required: boolean) {
  return z.string()
    .refine((v) => !required || v.trim().length > 0, t('comments.bodyRequired'))
    .refine((v) => v.length <= TEXT_MAX, t('comments.bodyTooLong', { max: TEXT_MAX }));
}

/** Only what differs from the ticket: `assigned_to: null` means "unassign". */
function changedDetails(ticket: Ticket, details: Details): TicketUpdate {
  const changes: TicketUpdate = {};
  if (details.status !== ticket.status) changes.status = details.status;
  if (details.priority !== ticket.priority) changes.priority = details.priority;
  if (details.category !== ticket.category) changes.category = details.category;
  if (details.assignee !== detailsOf(ticket).assignee) changes.assigned_to = details.assignee ? Number(details.assignee) : null;
  return changes;
}

export function ReplyForm({ ticket, user }: { ticket: Ticket; user: Me }) {
  const { t } = useI18n();
  const staff = isStaff(user.role);
  const update = useUpdateTicket(ticket.id);
  const [body, setBody] = useState('');
  const [internal, setInternal] = useState(false);
  const [details, setDetails] = useState<Details>(() => detailsOf(ticket));
  const [problem, setProblem] = useState<string | undefined>();
  const [notice, setNotice] = useState<Notice>(null);
  const [basedOn, setBasedOn] = useState(ticket.version);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  if (basedOn !== ticket.version) {
    // A newer version arrived (saved here, or someone else's change): show its details; a
    // reply being written stays.
    setBasedOn(ticket.version);
    if (ticket.version !== savedVersion) setNotice(null);
    setDetails(detailsOf(ticket));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const changes = staff ? changedDetails(ticket, details) : {};
    const nothingElse = Object.keys(changes).length === 0;
    const parsed = replySchema(t, !staff).safeParse(body);
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message);
      return;
    }
    setProblem(undefined);
    const reply = body.trim() ? { body, ...(staff ? { internal } : {}) } : null;
    if (!reply && nothingElse) {
      setNotice('unchanged');
      return;
    }
    update.mutate({ ...changes, ...(reply ? { reply } : {}), version: ticket.version }, {
      onSuccess: (saved) => {
        setSavedVersion(saved.version);
        setNotice(reply ? (reply.internal ? 'note' : 'reply') : 'saved');
        setBody('');
        setInternal(false);
      },
    });
  }

  const assignable = useAssignableUsers({ enabled: staff });
  const people = [...(assignable.data?.items ?? [])];
  if (ticket.assigned_to && !people.some((p) => p.id === ticket.assigned_to?.id)) people.push(ticket.assigned_to);
  const statuses = [ticket.status, ...nextStatuses(user, ticket)];
  const errors = useFieldErrors(update.error);
  const conflict = isApiError(update.error) && update.error.status === 409;
  const set = (changes: Partial<Details>) => setDetails({ ...details, ...changes });
  const messages = { reply: 'comments.sent', note: 'comments.sentInternal', saved: 'ticket.saved' } as const;
  const label = staff && !body.trim() ? t('common.save') : internal ? t('comments.submitInternal') : t('comments.submit');
  return (
    <form className="form reply-form" onSubmit={submit} noValidate aria-label={t('supportForm.title')}>
      {conflict ? <Alert tone="error">{t('ticket.conflict')}</Alert> : <ErrorAlert error={update.error} />}
      {notice && notice !== 'unchanged' && !update.isError ? <Alert tone="success">{t(messages[notice])}</Alert> : null}
      {notice === 'unchanged' ? <Alert tone="info">{t('ticket.noChanges')}</Alert> : null}
      <TextAreaField label={t('comments.body')} name="body" rows={5} value={body} required={!staff}
        hint={staff ? t('supportForm.replyHint') : undefined}
        error={problem ?? errors['reply.body'] ?? errors.reply} onChange={(e) => setBody(e.target.value)} />
      {staff ? (
        <>
          <CheckboxField label={t('comments.internalField')} name="internal" checked={internal}
            error={errors['reply.internal']} onChange={(e) => setInternal(e.target.checked)} />
          <fieldset className="reply-form__details">
            <legend>{t('ticket.details')}</legend>
            <div className="controls-grid">
              <SelectField label={t('ticket.field.status')} value={details.status} error={errors.status}
                onChange={(e) => set({ status: e.target.value as Status })}
                options={statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
              <SelectField label={t('ticket.field.priority')} value={details.priority} error={errors.priority}
                onChange={(e) => set({ priority: e.target.value as Priority })}
                options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
              <SelectField label={t('ticket.field.category')} value={details.category} error={errors.category}
                onChange={(e) => set({ category: e.target.value as Category })}
                options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
              <SelectField label={t('ticket.field.assignee')} value={details.assignee} error={errors.assigned_to}
                onChange={(e) => set({ assignee: e.target.value })}
                options={[{ value: '', label: t('ticket.unassigned') }, ...people.map((p) => ({ value: String(p.id), label: p.username }))]} />
            </div>
          </fieldset>
        </>
      ) : null}
      <Button type="submit" disabled={update.isPending}>{update.isPending ? t('comments.submitting') : label}</Button>
    </form>
  );
}
