/** One comment. Its author can edit it in place or delete it; everyone else only reads. */
import type { Comment } from '@switchboard/schemas/comments';
import { useState } from 'react';

interface CommentItemProps {
  comment: Comment;
  isOwn: boolean;
  onEdit(text: string): Promise<void>;
  onDelete(): Promise<void>;
}

export function CommentItem({ comment, isOwn, onEdit, onDelete }: CommentItemProps) {
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      setDraft(undefined);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const edited = comment.updatedAt !== comment.createdAt;

  return (
    <li className="comment" data-comment-id={comment.id} data-author={comment.author.id}>
      <div className="row comment-head">
        <strong>{comment.author.name}</strong>
        <span className="muted">
          {new Date(comment.createdAt).toLocaleTimeString()}
          {edited ? ' · edited' : ''}
        </span>
      </div>
      {draft === undefined ? (
        <p className="comment-text">{comment.text}</p>
      ) : (
        <textarea aria-label="Edit comment" value={draft} rows={2} onChange={(event) => setDraft(event.target.value)} />
      )}
      {isOwn ? (
        <div className="row">
          {draft === undefined ? (
            <>
              <button type="button" data-action="edit" onClick={() => setDraft(comment.text)}>
                Edit
              </button>
              <button type="button" data-action="delete" disabled={busy} onClick={() => void run(onDelete)}>
                Delete
              </button>
            </>
          ) : (
            <>
              <button type="button" className="primary" data-action="save" disabled={busy} onClick={() => void run(() => onEdit(draft))}>
                Save
              </button>
              <button type="button" data-action="cancel" onClick={() => setDraft(undefined)}>
                Cancel
              </button>
            </>
          )}
        </div>
      ) : null}
      {error ? <p className="error">{error}</p> : null}
    </li>
  );
}
