/**
 * "Who's viewing": everyone on the chapter's presence channel, this user included (they enter it
 * with their name while the page is open). One entry per person, however many windows they have.
 */
import { type PresenceState, usePresence } from '@switchboard/react';
import { chapterViewers, type ViewerPresence } from '@switchboard/schemas/comments';

/** Joins the chapter's viewers with this user's name while the page is open. */
export function useViewers(chapterId: string, user: { id: string; name: string }): PresenceState<ViewerPresence> {
  return usePresence(chapterViewers({ chapterId }), { data: { name: user.name }, userId: user.id });
}

export function ViewersList({ viewers, userId }: { viewers: PresenceState<ViewerPresence>; userId: string }) {
  const sorted = [...viewers.members].sort((a, b) => a.data.name.localeCompare(b.data.name));
  return (
    <aside className="card viewers" aria-label="Who's viewing">
      <strong>Who's viewing</strong>
      {viewers.status === 'error' ? <p className="muted">Presence unavailable: {viewers.error?.message}</p> : null}
      <ul id="viewers">
        {sorted.map((member) => (
          <li key={member.userId} data-user={member.userId}>
            <span className="avatar" aria-hidden="true">
              {member.data.name.slice(0, 1)}
            </span>
            {member.data.name}
            {member.userId === userId ? <span className="muted"> (you)</span> : null}
          </li>
        ))}
      </ul>
      {viewers.lastEvent && viewers.lastEvent.member.userId !== userId ? (
        <p className="muted" id="viewers-last">
          {viewers.lastEvent.member.data.name} {viewers.lastEvent.type === 'leave' ? 'left' : 'joined'}
        </p>
      ) : null}
    </aside>
  );
}
