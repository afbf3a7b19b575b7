// The relay: a publisher with the outbox as its `outbox`, woken by LISTEN/NOTIFY when a transaction
// commits, polling every 2 s as the fallback. Run it in one process or in several.
import { createPublisher } from '@switchboard/core/server';
import { pgListener, startRelay } from '@switchboard/postgres-outbox';
import pg from 'pg';
import { outbox } from './outbox.js';

const publisher = createPublisher({ provider: 'memory', outbox }); // or 'socket-io' | 'pusher' | 'ably'

const relay = await startRelay({
  outbox,
  publisher,
  // LISTEN needs a connection of its own, never a pooled one.
  listener: pgListener(async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    return client;
  }),
});

process.once('SIGTERM', async () => {
  await relay.close();
  await publisher.close(); // gives unsent rows back to the other relays at once
});
