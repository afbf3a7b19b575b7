// components/comment-section.tsx
'use client';
import { useChannel } from '@switchboard/react';
import { type Comment, chapterComments } from '@switchboard/schemas/comments';
import { useState } from 'react';

interface CommentSectionProps {
  chapterId: string;
  initialComments: Comment[];
  /** Reads the chapter's comments again (the GET route). */
  reload: () => Promise<Comment[]>;
}

export function CommentSection({ chapterId, initialComments, reload }: CommentSectionProps) {
  const [comments, setComments] = useState(initialComments);
  // One shared subscription per channel; handlers may change on every render; cleanup is automatic.
  const { error } = useChannel(
    chapterComments({ chapterId }),
    {
      'comment:new': ({ comment }) => setComments((all) => (all.some((c) => c.id === comment.id) ? all : [...all, comment])),
      'comment:update': ({ comment }) => setComments((all) => all.map((c) => (c.id === comment.id ? comment : c))),
      'comment:delete': ({ commentId }) => setComments((all) => all.filter((c) => c.id !== commentId)),
    },
    // Pusher keeps no history: after a reconnect, what was missed is reloaded instead of lost
    // (with a history store on the backend the subscriber fills it in and this rarely runs).
    { onGap: () => void reload().then(setComments) },
  );
  return (
    <section>
      {error ? <p role="status">Live updates paused: {error.message}</p> : null}
      {comments.map((comment) => (
        <p key={comment.id}>{comment.text}</p>
      ))}
    </section>
  );
}
