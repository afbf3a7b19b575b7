// The backend: both providers configured side by side; which one browsers use is read from a
// config source on every auth request, and changing it moves every open page.
import { ablyAuthorizer, createPublisherTransport as ablyTransport } from '@switchboard/ably';
import { createAuthHandler } from '@switchboard/core/auth';
import type { ProviderName } from '@switchboard/core/client';
import { createProviderSwitch, createPublisherFromTransport, providerAnnouncements } from '@switchboard/core/server';
import { socketIoAuthorizer, createPublisherTransport as socketIoTransport } from '@switchboard/socket-io';
import { chat } from '../history/chat.js';

declare function readFlag(name: string): Promise<string>;
declare function sessionUser(request: Request): Promise<{ id: string } | null>;

const secret = process.env.SOCKET_IO_SECRET ?? '';
const url = 'https://realtime.example.com';
const apiKey = process.env.ABLY_API_KEY ?? '';

export const providerSwitch = createProviderSwitch({
  providers: {
    'socket-io': { authorizer: socketIoAuthorizer({ secret, url }), publisher: socketIoTransport({ url, secret }) },
    ably: { authorizer: ablyAuthorizer({ apiKey }), publisher: ablyTransport({ apiKey }) },
  },
  // Re-read on every auth request (and every 5 s): flipping the flag needs no restart.
  current: async () => (await readFlag('realtime-provider')) as ProviderName,
  pollMs: 5000,
  // Publish to both providers for 10 minutes after a change.
  migrationWindowMs: 10 * 60 * 1000,
});

// The announcement channel is public and carries only the provider's name.
export const handler = createAuthHandler({
  authenticate: sessionUser,
  channels: [chat, providerAnnouncements],
  authorizer: providerSwitch.authorizer,
});

// Every message goes to the current provider, and to the previous one during the window, with one id.
export const publisher = createPublisherFromTransport(providerSwitch.transport);
