/**
 * "… is typing": viewers whisper `viewer:typing` to each other (a client event, no server round
 * trip) while they write a comment. Who typed comes from the provider (`meta.userId`), never from
 * the data; the name shown is the one that viewer has in presence.
 */

import { listenForWhisper, type RealtimeSubscriber, whisper } from '@switchboard/core/client';
import type { PresenceState } from '@switchboard/react';
import { chapterViewers, type ViewerPresence } from '@switchboard/schemas/comments';
import { useCallback, useEffect, useRef, useState } from 'react';

/** A typist is forgotten this long after their last whisper (a closed tab sends no "stopped"). */
const TYPING_EXPIRES_MS = 4000;
/** While a viewer keeps typing, "still typing" goes out at most this often. */
const RESEND_AFTER_MS = 2000;

/** The ids of the other viewers typing now. */
export function useTypists(subscriber: RealtimeSubscriber, chapterId: string, userId: string): string[] {
  const [typists, setTypists] = useState<ReadonlyMap<string, number>>(new Map());
  useEffect(() => {
    const timers = new Map<string, ReturnType<typeof setTimeout>>();
    const forget = (typist: string) =>
      setTypists((current) => {
        const next = new Map(current);
        next.delete(typist);
        return next;
      });
    const listening = listenForWhisper(subscriber, chapterViewers({ chapterId }), 'viewer:typing', (data, meta) => {
      const typist = meta.userId;
      if (!typist || typist === userId) return;
      clearTimeout(timers.get(typist));
      if (!data.typing) return forget(typist);
      setTypists((current) => new Map(current).set(typist, Date.now()));
      timers.set(
        typist,
        setTimeout(() => forget(typist), TYPING_EXPIRES_MS),
      );
    });
    return () => {
      listening.unsubscribe();
      for (const timer of timers.values()) clearTimeout(timer);
    };
  }, [subscriber, chapterId, userId]);
  return [...typists.keys()];
}

/** Tells the other viewers this one is typing (throttled) or stopped; failures only cost the hint. */
export function useTypingSignal(subscriber: RealtimeSubscriber, chapterId: string): (typing: boolean) => void {
  const lastSent = useRef<{ typing: boolean; at: number }>({ typing: false, at: 0 });
  return useCallback(
    (typing: boolean) => {
      const now = Date.now();
      const last = lastSent.current;
      if (typing === last.typing && (!typing || now - last.at < RESEND_AFTER_MS)) return;
      lastSent.current = { typing, at: now };
      whisper(subscriber, chapterViewers({ chapterId }), 'viewer:typing', { typing }).catch((error: Error) =>
        console.warn(`[comments] typing hint not sent: ${error.message}`),
      );
    },
    [subscriber, chapterId],
  );
}

/** "Grace is typing…", with names from presence. */
export function TypingNotice({ typists, viewers }: { typists: string[]; viewers: PresenceState<ViewerPresence> }) {
  const names = typists.map((typist) => viewers.members.find((member) => member.userId === typist)?.data.name ?? 'Someone').sort();
  return (
    <p className="muted" id="typing" data-users={[...typists].sort().join(',')} aria-live="polite">
      {names.length === 0 ? '\u00a0' : `${names.join(' and ')} ${names.length === 1 ? 'is' : 'are'} typing…`}
    </p>
  );
}
