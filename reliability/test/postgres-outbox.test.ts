/**
 * The Postgres transactional outbox under faults on Socket.IO (real hub), Pusher and Ably (emulators
 * with the real SDKs): an app killed after commit, a relay killed mid-batch, two relays racing, the
 * database restarted (a private server of the test's own), the provider down 3 s, and rolled-back
 * transactions throughout. Lost 0, nothing sent for a transaction that did not commit, duplicates
 * to the app 0. The full-size run is `pnpm reliability` (docs/reliability.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ablyRig } from './rigs/ably-rig.js';
import type { NetworkRig } from './rigs/network-rig.js';
import { pusherRig } from './rigs/pusher-rig.js';
import { socketIoRig } from './rigs/socket-io-rig.js';
import { POSTGRES_URL, type PrivatePostgres, postgresAvailable, postgresBinaries, startPrivatePostgres } from './support/postgres.js';
import { POSTGRES_OUTBOX_FAULTS, type PostgresOutboxReport, runPostgresOutboxFault } from './support/postgres-outbox-scenarios.js';
import { redisAvailable, uniqueStream } from './support/redis.js';

const providers: Array<{ name: string; needsRedis: boolean; start: () => Promise<NetworkRig> }> = [
  { name: 'socket-io + Redis', needsRedis: true, start: () => socketIoRig({ streamName: uniqueStream('pg-outbox') }) },
  { name: 'pusher', needsRedis: false, start: () => pusherRig() },
  { name: 'ably', needsRedis: false, start: () => ablyRig() },
];

const postgres = await postgresAvailable();
const redis = await redisAvailable();
const privateServer = process.env.CI === 'true' || postgresBinaries() !== undefined;

function expectExactlyTheCommitted(report: PostgresOutboxReport) {
  const summary = JSON.stringify(report);
  expect(report.lost, summary).toBe(0);
  expect(report.sentUncommitted, summary).toBe(0);
  expect(report.duplicates, summary).toBe(0);
  expect(report.leftInOutbox, summary).toBe(0);
  expect(report.committed, summary).toBeGreaterThan(0);
  expect(report.notCommitted, summary).toBeGreaterThan(0);
  expect(report.delivered, summary).toBe(report.committed * report.subscribers);
}

// In `pnpm test` each fault runs on one provider in turn (six cases over three providers, every
// provider and every fault covered); POSTGRES_OUTBOX_MATRIX=all runs every fault on every provider,
// and `pnpm reliability --postgres-outbox-only` measures the full-size rows of docs/reliability.md.
const fullMatrix = process.env.POSTGRES_OUTBOX_MATRIX === 'all';

// One private server for every provider's restart case (initdb costs seconds).
let server: PrivatePostgres | undefined;
afterAll(() => server?.stop());

for (const [providerIndex, provider] of providers.entries()) {
  describe.skipIf(!postgres || (provider.needsRedis && !redis))(`postgres outbox on ${provider.name} under faults`, () => {
    let rig: NetworkRig;
    beforeAll(async () => {
      rig = await provider.start();
    }, 60_000);
    afterAll(async () => {
      await rig?.teardown();
    });

    for (const [faultIndex, fault] of POSTGRES_OUTBOX_FAULTS.entries()) {
      if (!fullMatrix && faultIndex % providers.length !== providerIndex) continue;
      const needsPrivate = fault === 'database restarted';
      it.skipIf(needsPrivate && !privateServer)(
        `${fault}: every committed message delivered once, nothing else`,
        async () => {
          if (needsPrivate) server ??= await startPrivatePostgres();
          const report = await runPostgresOutboxFault(rig, fault, {
            adminUrl: needsPrivate && server ? server.url : POSTGRES_URL,
            messages: 45,
            restartDatabase: () => server?.restart(500) ?? Promise.resolve(),
          });
          expectExactlyTheCommitted(report);
        },
        120_000,
      );
    }
  });
}
