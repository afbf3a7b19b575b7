// webhooks.ts — one endpoint for Pusher's, Ably's and the hub's webhooks, as one typed stream.
import { ablyWebhooks } from '@switchboard/ably';
import { createWebhookHandler } from '@switchboard/core/webhooks';
import { pusherWebhooks } from '@switchboard/pusher';
import { hubWebhooks } from '@switchboard/socket-io';

const sources = [];
if (process.env.PUSHER_SECRET) sources.push(pusherWebhooks({ key: process.env.PUSHER_KEY ?? '', secret: process.env.PUSHER_SECRET }));
if (process.env.ABLY_API_KEY) sources.push(ablyWebhooks({ apiKey: process.env.ABLY_API_KEY }));
if (process.env.SOCKET_IO_SECRET) sources.push(hubWebhooks({ secret: process.env.SOCKET_IO_SECRET }));

// Forged, edited, stale (over 5 minutes) and replayed deliveries are answered 401 and never reach onEvent.
export const POST = createWebhookHandler({
  sources,
  async onEvent(event) {
    if (event.type === 'member.added') console.log(`${event.userId} is on ${event.channel} (${event.provider})`);
    if (event.type === 'channel.vacated') console.log(`${event.channel} is empty`);
    // A whisper (viewer:typing…), on every provider that reports them; the sender is the provider's, never the data's.
    if (event.type === 'client.event') console.log(`${event.userId} whispered ${event.event} on ${event.channel}`, event.data);
  },
});
