// The browser: the last 50 messages on open, then live ones; after a reconnect the subscriber reads
// what it missed from the store and delivers it in order before live messages resume.
import { createHistoryClient, createSubscriber } from '@switchboard/core/client';
import { chat } from './chat.js';

const history = createHistoryClient({ authEndpoint: '/api/realtime' });
const realtime = createSubscriber({ authEndpoint: '/api/realtime', history });

export function openRoom(roomId: string, show: (text: string, recovered: boolean) => void) {
  return realtime.subscribe(
    chat({ roomId }),
    {
      message: (data, meta) => show(data.text, meta.recovered),
      edited: (data, meta) => show(`(edited) ${data.text}`, meta.recovered),
    },
    {
      rewind: 50,
      // Only what retention no longer holds, with the exact numbers.
      onGap: (gap) => console.warn(`missed ${gap.fromSeq}–${gap.toSeq} on ${gap.channel} (${gap.reason})`),
    },
  );
}

/** Older pages on scroll-up: history through the auth endpoint, typed like live messages. */
export async function olderMessages(roomId: string, before: number) {
  const page = await history.history(chat({ roomId }), { before, limit: 50 });
  return { messages: page.messages, next: page.next };
}
