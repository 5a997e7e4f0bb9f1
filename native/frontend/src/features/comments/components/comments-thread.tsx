import { ErrorAlert } from '@/components/ui/alert';
import { Loading } from '@/components/ui/spinner';
import { useI18n } from '@/lib/i18n';
import { useComments } from '../api/get-comments';

/** The ticket's conversation, oldest first; internal notes are visibly marked. */
export function CommentsThread({ ticketId }: { ticketId: number }) {
  const { t, formatDate } = useI18n();
  const comments = useComments(ticketId);
  if (comments.isPending) return <Loading />;
  if (comments.isError) return <ErrorAlert error={comments.error} />;
  if (comments.data.items.length === 0) return <p className="muted">{t('comments.empty')}</p>;
  return (
    <ol className="thread">
      {comments.data.items.map((comment) => (
        <li key={comment.id} className={comment.internal ? 'comment comment--internal' : 'comment'}>
          <article aria-label={t('comments.by', { name: comment.author.username, date: formatDate(comment.created_at) })}>
            <p className="comment__meta">
              <strong>{comment.author.username}</strong>{' · '}
              <time dateTime={comment.created_at}>{formatDate(comment.created_at)}</time>
              {comment.internal ? <span className="badge badge--internal" title={t('comments.internalHint')}>{t('comments.internal')}</span> : null}
            </p>
            <p className="comment__body pre-wrap">{comment.body}</p>
          </article>
        </li>
      ))}
    </ol>
  );
}
