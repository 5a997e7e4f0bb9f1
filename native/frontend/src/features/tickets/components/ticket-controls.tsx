// Staff's controls over a ticket: status (only the workflow's next steps), priority,
// category and assignee. PATCH sends only what changed plus the version it was based on.
import { useEffect, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { SelectField } from '@/components/form/field';
import { Alert, ErrorAlert, useFieldErrors } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { CATEGORIES, PRIORITIES, nextStatuses, type Category, type Priority, type Status } from '@/lib/domain';
import { isApiError } from '@/lib/api-client';
import { useI18n } from '@/lib/i18n';
import type { Me, Ticket, TicketUpdate } from '@/types/models';
import { useAssignableUsers } from '../api/get-assignable-users';
import { UPDATE_TICKET_KEY, useUpdateTicket } from '../api/update-ticket';

type Props = { ticket: Ticket; user: Me };

export function TicketControls({ ticket, user }: Props) {
  const { t } = useI18n();
  const update = useUpdateTicket(ticket.id);
  const assignable = useAssignableUsers({ enabled: true });
  const [status, setStatus] = useState<Status>(ticket.status);
  const [priority, setPriority] = useState<Priority>(ticket.priority);
  const [category, setCategory] = useState<Category>(ticket.category);
  const [assignee, setAssignee] = useState(ticket.assigned_to ? String(ticket.assigned_to.id) : '');
  const [notice, setNotice] = useState<'saved' | 'unchanged' | null>(null);
  const [basedOn, setBasedOn] = useState(ticket.version);
  // The version this form's own save produced: a later version (a reply with a status, someone
  // else's change) ends the "saved" message, so it never stands beside later actions.
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  // Any other write starting on the page (a reply, an internal note, an upload) ends it too.
  const queryClient = useQueryClient();
  useEffect(() => queryClient.getMutationCache().subscribe((event) => {
    if (event.type === 'added' && event.mutation.options.mutationKey?.[0] !== UPDATE_TICKET_KEY) {
      setNotice((current) => (current === 'saved' ? null : current));
    }
  }), [queryClient]);
  if (basedOn !== ticket.version) {
    // A newer version arrived (saved here, a reply, or someone else's change): show it.
    setBasedOn(ticket.version);
    if (notice !== null && ticket.version !== savedVersion) setNotice(null);
    setStatus(ticket.status);
    setPriority(ticket.priority);
    setCategory(ticket.category);
    setAssignee(ticket.assigned_to ? String(ticket.assigned_to.id) : '');
  }

  const statuses = [ticket.status, ...nextStatuses(user, ticket)];
  const people = [...(assignable.data?.items ?? [])];
  if (ticket.assigned_to && !people.some((p) => p.id === ticket.assigned_to?.id)) people.push(ticket.assigned_to);

  function submit(event: FormEvent) {
    event.preventDefault();
    const changes: TicketUpdate = {};
    if (status !== ticket.status) changes.status = status;
    if (priority !== ticket.priority) changes.priority = priority;
    if (category !== ticket.category) changes.category = category;
    const current = ticket.assigned_to ? String(ticket.assigned_to.id) : '';
    const assigneeChanged = assignee !== current;
    if (assigneeChanged) changes.assigned_to = assignee ? Number(assignee) : null;
    if (Object.keys(changes).length === 0) {
      setNotice('unchanged');
      return;
    }
    setNotice(null);
    // assigned_to: null means "unassign"; the API reads the keys that are present.
    update.mutate({ ...changes, version: ticket.version }, {
      onSuccess: (saved) => {
        setSavedVersion(saved.version);
        setNotice('saved');
      },
    });
  }

  const conflict = isApiError(update.error) && update.error.status === 409;
  const errors = useFieldErrors(update.error);
  return (
    <form className="panel ticket-controls" onSubmit={submit} aria-labelledby="ticket-controls-title">
      <h2 id="ticket-controls-title">{t('ticket.details')}</h2>
      {conflict ? <Alert tone="error">{t('ticket.conflict')}</Alert> : <ErrorAlert error={update.error} />}
      {notice === 'saved' && !update.isError ? <Alert tone="success">{t('ticket.saved')}</Alert> : null}
      {notice === 'unchanged' ? <Alert tone="info">{t('ticket.noChanges')}</Alert> : null}
      <div className="controls-grid">
        <SelectField label={t('ticket.field.status')} value={status} error={errors.status}
          onChange={(e) => setStatus(e.target.value as Status)}
          options={statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
        <SelectField label={t('ticket.field.priority')} value={priority} error={errors.priority}
          onChange={(e) => setPriority(e.target.value as Priority)}
          options={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
        <SelectField label={t('ticket.field.category')} value={category} error={errors.category}
          onChange={(e) => setCategory(e.target.value as Category)}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))} />
        <SelectField label={t('ticket.field.assignee')} value={assignee} error={errors.assigned_to}
          onChange={(e) => setAssignee(e.target.value)}
          options={[{ value: '', label: t('ticket.unassigned') }, ...people.map((p) => ({ value: String(p.id), label: p.username }))]} />
      </div>
      <Button type="submit" disabled={update.isPending}>{t('common.save')}</Button>
    </form>
  );
}
