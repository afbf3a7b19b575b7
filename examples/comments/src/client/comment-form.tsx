/** The "add a comment" box. The comment shows up once the API saved it; typing is whispered to the other viewers. */
import { type FormEvent, useState } from 'react';

export function CommentForm({ onSubmit, onTyping }: { onSubmit(text: string): Promise<void>; onTyping(typing: boolean): void }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    onTyping(false);
    try {
      await onSubmit(text);
      setText('');
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form id="comment-form" onSubmit={(event) => void submit(event)}>
      <textarea
        name="text"
        aria-label="Your comment"
        placeholder="Ask a question or share a thought…"
        rows={3}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          onTyping(event.target.value.trim() !== '');
        }}
        onBlur={() => onTyping(false)}
      />
      <div className="row">
        <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
          Post comment
        </button>
        {error ? <span className="error">{error}</span> : null}
      </div>
    </form>
  );
}
