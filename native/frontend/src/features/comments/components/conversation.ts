import type { Comment, TimelineEvent } from '@/types/models';

export type Entry = { type: 'comment'; at: string; comment: Comment } | { type: 'event'; at: string; event: TimelineEvent };

/** The comments and the changes of status and assignee in one list, oldest first. While
 * older comments are not loaded (`complete` false), changes before the oldest loaded comment
 * wait with them. At the same moment a comment comes first ("reply, then resolved"). */
export function conversation(comments: readonly Comment[], events: readonly TimelineEvent[], complete: boolean): Entry[] {
  const from = complete || comments.length === 0 ? '' : comments[0]!.created_at;
  const entries: Entry[] = [
    ...comments.map((comment) => ({ type: 'comment' as const, at: comment.created_at, comment })),
    ...events.filter((event) => Date.parse(event.at) >= (from ? Date.parse(from) : -Infinity))
      .map((event) => ({ type: 'event' as const, at: event.at, event })),
  ];
  // Stable: comments (listed first) stay before events of the same moment.
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
