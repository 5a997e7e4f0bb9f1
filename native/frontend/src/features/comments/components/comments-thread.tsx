import { ErrorAlert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Loading } from '@/components/ui/spinner';
import { useI18n, type Translate } from '@/lib/i18n';
import type { Comment, TimelineEvent, UserRef } from '@/types/models';
import { useComments } from '../api/get-comments';
import { useTimeline } from '../api/get-timeline';
import { conversation } from './conversation';

/** The ticket's conversation, oldest first: the replies and, between them, when the status
 * or the assignee changed. The newest page comes first, older replies on request ("Show
 * older replies"). Internal notes are visibly marked. */
export function CommentsThread({ ticketId }: { ticketId: number }) {
  const { t } = useI18n();
  const comments = useComments(ticketId);
  const timeline = useTimeline(ticketId);
  if (comments.isPending || timeline.isPending) return <Loading />;
  if (comments.isLoadingError) return <ErrorAlert error={comments.error} />;
  if (timeline.isError) return <ErrorAlert error={timeline.error} />;
  const items = [...comments.data.pages].reverse().flatMap((page) => page.items);
  const entries = conversation(items, timeline.data.items, !comments.hasNextPage);
  if (entries.length === 0) return <p className="muted">{t('comments.empty')}</p>;
  return (
    <>
      {comments.hasNextPage ? (
        <p>
          <Button variant="secondary" disabled={comments.isFetchingNextPage}
            onClick={() => void comments.fetchNextPage()}>
            {comments.isFetchingNextPage ? t('comments.loadingOlder') : t('comments.showOlder')}
          </Button>
        </p>
      ) : null}
      {comments.isFetchNextPageError ? <ErrorAlert error={comments.error} /> : null}
      <ol className="thread">
        {entries.map((entry) => (entry.type === 'comment'
          ? <CommentItem key={`c${entry.comment.id}`} comment={entry.comment} />
          : <EventItem key={`e${entry.event.id}`} event={entry.event} />))}
      </ol>
    </>
  );
}

function CommentItem({ comment }: { comment: Comment }) {
  const { t, formatDate } = useI18n();
  return (
    <li className={comment.internal ? 'comment comment--internal' : 'comment'}>
      <article aria-label={t('comments.by', { name: comment.author.username, date: formatDate(comment.created_at) })}>
        <p className="comment__meta">
          <strong>{comment.author.username}</strong>{' · '}
          <time dateTime={comment.created_at}>{formatDate(comment.created_at)}</time>
          {comment.internal ? <span className="badge badge--internal" title={t('comments.internalHint')}>{t('comments.internal')}</span> : null}
        </p>
        <p className="comment__body pre-wrap">{comment.body}</p>
      </article>
    </li>
  );
}

function EventItem({ event }: { event: TimelineEvent }) {
  const { t, formatDate } = useI18n();
  return (
    <li className="thread-event">
      <p><span>{describeEvent(event, t)}</span>{' · '}<time dateTime={event.at}>{formatDate(event.at)}</time></p>
    </li>
  );
}

type Value = TimelineEvent['after'];
const person = (value: Value): UserRef | null => (value !== null && typeof value === 'object' ? value : null);
const status = (value: Value, t: Translate): string => (typeof value === 'string' ? t(`status.${value}`) : '—');

/** "support changed the status from New to In progress", in the person's language. */
export function describeEvent(event: TimelineEvent, t: Translate): string {
  const name = event.actor?.username ?? '—';
  if (event.kind === 'status') {
    return t('timeline.status', { name, before: status(event.before, t), after: status(event.after, t) });
  }
  const after = person(event.after);
  return after ? t('timeline.assigned', { name, after: after.username }) : t('timeline.unassigned', { name });
}
