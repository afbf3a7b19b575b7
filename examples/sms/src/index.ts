/**
 * The sms example: function-style handlers (Web-standard `Request` → `Response`, one per file
 * under `functions/`, as Netlify functions would be) behind an inbox page. Every channel belongs
 * to one user, so a message reaches its owner's windows and nobody else's.
 */
import { fileURLToPath } from 'node:url';
import { smsAccess } from '@switchboard/schemas/access';
import { createWriteAndPublish, defineExample, migrate } from '@switchboard-example/kit';
import { createInboundFunction, DEFAULT_WEBHOOK_SECRET } from './functions/inbound.js';
import { createInboxFunction, createMarkReadFunction } from './functions/inbox.js';
import { createPublishFunction } from './functions/publish.js';
import { createRealtimeTokenFunction, SMS_CHANNELS } from './functions/realtime-token.js';
import { createSimulateInboundFunction } from './functions/simulate-inbound.js';
import { createStatsFunction } from './functions/stats.js';
import { createInboxStore } from './inbox-store.js';
import { SMS_MIGRATIONS } from './migrations.js';
import { createSmsService } from './sms-service.js';

export const smsExample = defineExample({
  name: 'sms',
  title: 'SMS inbox',
  description:
    'Function-style handlers (JWT-guarded token, publish and stats/health endpoints) and an inbox page; inbound SMS simulated by a button or a script; each user sees only their own messages.',
  channels: SMS_CHANNELS,
  rules: smsAccess,
  client: fileURLToPath(new URL('./client/page.ts', import.meta.url)),
  async start({ publisher, outbox, database, authenticate, authorizer, history, signIn, log }) {
    await migrate(database, 'sms', SMS_MIGRATIONS);
    const store = createInboxStore();
    // Functions with a 10 s limit only record their messages in the transaction (the outbox); the
    // kit's relay, a long-running process, sends them — a provider outage never holds a function up.
    const writeAndPublish = createWriteAndPublish(database, outbox);
    const sms = createSmsService({ database, writeAndPublish, store, users: signIn.users, log });
    const token = createRealtimeTokenFunction({ authenticate, authorizer, history });
    const markRead = createMarkReadFunction({ authenticate, database, store });
    return {
      routes: {
        'GET /realtime': token,
        'POST /realtime': token,
        'POST /publish': createPublishFunction({ authenticate, sms }),
        'POST /inbound': createInboundFunction({ sms, secret: process.env.SMS_WEBHOOK_SECRET ?? DEFAULT_WEBHOOK_SECRET }),
        'POST /simulate-inbound': createSimulateInboundFunction({ authenticate, sms }),
        'GET /inbox': createInboxFunction({ authenticate, database, store, sms }),
        'POST /inbox/:contactId/read': (request, { params }) => markRead(request, params.contactId as string),
        'GET /stats': createStatsFunction({ authenticate, publisher, database, store }),
      },
      async close() {
        sms.close();
      },
    };
  },
});
