/**
 * "… is typing", framework-free, shared by the React, Vue and Svelte pages: viewers whisper
 * `viewer:typing` to each other (a client event, no server round trip) while they write a comment.
 * Who typed comes from the provider (`meta.userId`), never from the data; the name shown is the one
 * that viewer has in presence.
 */
import { listenForWhisper, type PresenceMember, type RealtimeSubscriber, whisper } from '@switchboard/core/client';
import { chapterViewers, type ViewerPresence } from '@switchboard/schemas/comments';

/** A typist is forgotten this long after their last whisper (a closed tab sends no "stopped"). */
const TYPING_EXPIRES_MS = 4000;
/** While a viewer keeps typing, "still typing" goes out at most this often. */
const RESEND_AFTER_MS = 2000;

/**
 * Calls `onChange` with the ids of the other viewers typing now (sorted), each time that changes.
 * Returns the function that stops listening.
 */
export function watchTypists(
  subscriber: RealtimeSubscriber,
  chapterId: string,
  userId: string,
  onChange: (typists: string[]) => void,
): () => void {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const changed = () => onChange([...timers.keys()].sort());
  const forget = (typist: string) => {
    clearTimeout(timers.get(typist));
    if (timers.delete(typist)) changed();
  };
  const listening = listenForWhisper(subscriber, chapterViewers({ chapterId }), 'viewer:typing', (data, meta) => {
    const typist = meta.userId;
    if (!typist || typist === userId) return;
    if (!data.typing) return forget(typist);
    const known = timers.has(typist);
    clearTimeout(timers.get(typist));
    timers.set(
      typist,
      setTimeout(() => forget(typist), TYPING_EXPIRES_MS),
    );
    if (!known) changed();
  });
  return () => {
    listening.unsubscribe();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}

/**
 * The function a comment box calls on each keystroke (`true`) or when it is emptied, sent or left
 * (`false`): it tells the other viewers, throttled; a failure only costs the hint.
 */
export function typingSignal(subscriber: RealtimeSubscriber, chapterId: string): (typing: boolean) => void {
  let last = { typing: false, at: 0 };
  return (typing) => {
    const now = Date.now();
    if (typing === last.typing && (!typing || now - last.at < RESEND_AFTER_MS)) return;
    last = { typing, at: now };
    whisper(subscriber, chapterViewers({ chapterId }), 'viewer:typing', { typing }).catch((error: Error) =>
      console.warn(`[comments] typing hint not sent: ${error.message}`),
    );
  };
}

/** "Grace Hopper is typing…" (a no-break space when nobody is, so the line keeps its height). */
export function typingText(typists: readonly string[], viewers: readonly PresenceMember<ViewerPresence>[]): string {
  const names = typists.map((typist) => viewers.find((member) => member.userId === typist)?.data.name ?? 'Someone').sort();
  if (names.length === 0) return '\u00a0';
  return `${names.join(' and ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
}
