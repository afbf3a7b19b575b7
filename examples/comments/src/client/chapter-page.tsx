/**
 * The chapter page: the chapter's text, its comments (live), a form to add one, and who else is
 * reading. Everything realtime comes from @switchboard/react hooks over the page's subscriber.
 */
import { useConnectionState } from '@switchboard/react';
import type { ExamplePage } from '@switchboard-example/kit/client';
import { useEffect, useMemo } from 'react';
import { commentApi } from './comment-api.js';
import { CommentForm } from './comment-form.js';
import { CommentItem } from './comment-item.js';
import { TypingNotice, useTypingSignal, useTypists } from './typing.js';
import { useComments } from './use-comments.js';
import { useViewers, ViewersList } from './viewers-list.js';

/** `<body data-ready>` for tests and screenshots: "true" once loaded and both channels are confirmed. */
function useReadyMarker(ready: boolean, failure: string | undefined): void {
  useEffect(() => {
    if (failure) document.body.dataset.ready = 'error';
    else if (ready) document.body.dataset.ready = 'true';
  }, [ready, failure]);
}

export function ChapterPage({ page, chapterId }: { page: ExamplePage; chapterId: string }) {
  const user = page.session.user;
  const api = useMemo(() => commentApi(page, chapterId), [page, chapterId]);
  const comments = useComments(api, chapterId);
  const viewers = useViewers(chapterId, user);
  const connection = useConnectionState();
  const typists = useTypists(page.realtime, chapterId, user.id);
  const signalTyping = useTypingSignal(page.realtime, chapterId);

  const failure = comments.loadError ?? comments.channel.error?.message ?? viewers.error?.message;
  useReadyMarker(comments.loaded && comments.channel.status === 'subscribed' && viewers.status === 'subscribed', failure);

  return (
    <div className="chapter-layout">
      <article>
        {failure ? (
          <p className="card" id="kit-error">
            Realtime refused: {failure}
          </p>
        ) : null}
        <h2>{comments.chapter?.title ?? 'Loading the chapter…'}</h2>
        {comments.chapter?.paragraphs.map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
        <section className="card">
          <div className="row">
            <strong>Comments ({comments.comments.length})</strong>
            <span className="muted" id="live-state" data-state={connection}>
              live updates: {connection}
            </span>
          </div>
          <ol id="comments">
            {comments.comments.map((comment) => (
              <CommentItem
                key={comment.id}
                comment={comment}
                isOwn={comment.author.id === user.id}
                onEdit={(text) => comments.edit(comment.id, text)}
                onDelete={() => comments.remove(comment.id)}
              />
            ))}
          </ol>
          {comments.comments.length === 0 ? <p className="muted">No comments yet. Be the first.</p> : null}
          <TypingNotice typists={typists} viewers={viewers} />
          <CommentForm onSubmit={comments.create} onTyping={signalTyping} />
        </section>
      </article>
      <ViewersList viewers={viewers} userId={user.id} />
    </div>
  );
}
