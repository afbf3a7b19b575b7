/**
 * "… is typing" in React: hooks over the framework-free helpers in typing-hints.ts (which the Vue
 * and Svelte pages use too).
 */

import type { RealtimeSubscriber } from '@switchboard/core/client';
import type { PresenceState } from '@switchboard/react';
import type { ViewerPresence } from '@switchboard/schemas/comments';
import { useEffect, useMemo, useState } from 'react';
import { typingSignal, typingText, watchTypists } from './typing-hints.js';

/** The ids of the other viewers typing now, sorted. */
export function useTypists(subscriber: RealtimeSubscriber, chapterId: string, userId: string): string[] {
  const [typists, setTypists] = useState<string[]>([]);
  useEffect(() => {
    const stop = watchTypists(subscriber, chapterId, userId, setTypists);
    return () => {
      stop();
      setTypists([]);
    };
  }, [subscriber, chapterId, userId]);
  return typists;
}

/** Tells the other viewers this one is typing (throttled) or stopped; failures only cost the hint. */
export function useTypingSignal(subscriber: RealtimeSubscriber, chapterId: string): (typing: boolean) => void {
  return useMemo(() => typingSignal(subscriber, chapterId), [subscriber, chapterId]);
}

/** "Grace is typing…", with names from presence. */
export function TypingNotice({ typists, viewers }: { typists: string[]; viewers: PresenceState<ViewerPresence> }) {
  return (
    <p className="muted" id="typing" data-users={typists.join(',')} aria-live="polite">
      {typingText(typists, viewers.members)}
    </p>
  );
}
