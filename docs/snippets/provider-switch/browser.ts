// The browser: list a loader per provider the server may name; only the one in use is downloaded,
// and the switching code loads only when the endpoint says it can switch.
import { createSubscriber } from '@switchboard/core/client';
import { chat } from '../history/chat.js';

const realtime = createSubscriber({
  authEndpoint: '/api/realtime',
  adapters: {
    'socket-io': () => import('@switchboard/socket-io/subscriber'),
    ably: () => import('@switchboard/ably/subscriber'),
  },
  onProviderChange: (change) => {
    if (change.error) console.warn(`staying on ${change.from}: ${change.error.message}`);
    else console.info(`moved ${change.from} → ${change.to} in ${change.durationMs} ms (${change.trigger})`);
  },
});

// Nothing to redo after a move: the subscription, its handlers and presence carry over.
realtime.subscribe(chat({ roomId: 'lobby' }), 'message', (data, meta) => {
  console.log(`${data.author}: ${data.text} (via ${meta.provider})`);
});
