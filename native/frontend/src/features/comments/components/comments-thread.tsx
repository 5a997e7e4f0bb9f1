import { ErrorAlert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Loading } from '@/components/ui/spinner';
import { useI18n } from '@/lib/i18n';
import { useComments } from '../api/get-comments';

/** The ticket's conversation, oldest first; the newest page comes first, older replies on
 * request ("Show older replies"). Internal notes are visibly marked. */
export function CommentsThread({ ticketId }: { ticketId: number }) {
  const { t, formatDate } = useI18n();
  const comments = useComments(ticketId);
  if (comments.isPending) return <Loading />;
  if (comments.isLoadingError) return <ErrorAlert error={comments.error} />;
  const items = [...comments.data.pages].reverse().flatMap((page) => page.items);
  if (items.length === 0) return <p className="muted">{t('comments.empty')}</p>;
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
        {items.map((comment) => (
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
    </>
  );
}
