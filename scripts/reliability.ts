/**
 * `pnpm reliability`: the fault suite at full size — every subscriber connection dropped three
 * times during 10,000 messages at 500/s, a 2-second 503 outage of the publish endpoint, malformed
 * frames, a publisher killed with messages in its outbox, the outbox's own Redis down 3 s and
 * crashed (with and without an append-only file), a server killed and restarted, a Socket.IO hub
 * restarted 5 s under the default retry policy, an Ably token expiring mid-stream — on memory,
 * socket-io + Redis, and the Pusher and Ably emulators; then the hub's own faults: Redis killed for
 * 3 s and 10 s under three hubs (without persistence and with appendfsync always) at 300
 * messages/s, and a client that stops reading 1.8 MB/s for about a minute. The outbox and hub
 * faults need `redis-server`.
 * Writes docs/reliability.md. Needs Redis (REDIS_URL, default redis://127.0.0.1:6379).
 *
 * Then, per provider, the connection drops and the server restart again with the history store
 * (subscribers catch up from it), in a table of their own.
 *
 * Last, the Postgres transactional outbox (`@switchboard/postgres-outbox`) on socket-io, pusher and
 * ably: an app killed after commit, a relay killed mid-batch, two relays racing, the database
 * restarted (a private server, needs the PostgreSQL server binaries), the provider down 3 s, with
 * rolled-back transactions throughout (`--outbox-transactions`, default 1000 per row). Needs
 * PostgreSQL (POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/postgres).
 *
 *   pnpm reliability [--messages 10000] [--rate 500] [--only memory,pusher,hub] [--history-only]
 *                    [--postgres-outbox-only] [--outbox-transactions 1000]
 *
 * `--history-only` runs only the history-store rows and rewrites that section of docs/reliability.md,
 * leaving the rest of the page as it was; `--postgres-outbox-only` does the same for the Postgres outbox.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';
import {
  type FaultReport,
  type FaultRig,
  formatReportTable,
  notApplicable,
  runConnectionDrops,
  runMalformedFrames,
  runPublishOutage,
  runStreamWithFault,
} from '@switchboard/testing/faults';
import { ABLY_KEY, ablyClients, ablyRig } from '../reliability/test/rigs/ably-rig.js';
import { memoryRig } from '../reliability/test/rigs/memory-rig.js';
import type { NetworkRig } from '../reliability/test/rigs/network-rig.js';
import { PUSHER_CREDENTIALS, pusherClients, pusherRig } from '../reliability/test/rigs/pusher-rig.js';
import { socketIoClusterRig } from '../reliability/test/rigs/socket-io-cluster-rig.js';
import { HUB_SECRET, socketIoClients, socketIoRig } from '../reliability/test/rigs/socket-io-rig.js';
import { runHubRestart } from '../reliability/test/support/hub-restart.js';
import { runRedisOutage, runStalledClient } from '../reliability/test/support/hub-scenarios.js';
import { KNOWN_DEFECTS } from '../reliability/test/support/known-defects.js';
import { runOutboxRedisCrash, runOutboxRedisOutage } from '../reliability/test/support/outbox-scenarios.js';
import {
  measurePostgresOutbox,
  postgresOutboxSection,
  withPostgresOutboxSection,
} from '../reliability/test/support/postgres-outbox-section.js';
import { REDIS_URL, runPublisherKilled, runServerRestart, type ServerProcess } from '../reliability/test/support/process-scenarios.js';
import { redisAvailable, uniqueStream } from '../reliability/test/support/redis.js';

const argument = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
};
const messages = Number(argument('messages') ?? 10_000);
const ratePerSecond = Number(argument('rate') ?? 500);
const only = argument('only')?.split(',');
const historyOnly = process.argv.includes('--history-only');
const postgresOutboxOnly = process.argv.includes('--postgres-outbox-only');
const outboxTransactions = Number(argument('outbox-transactions') ?? 1000);
const stream = { messages, ratePerSecond, settleTimeoutMs: 60_000 };

interface Provider {
  key: string;
  start(): Promise<FaultRig>;
  server?: ServerProcess;
  tokenExpiry?: boolean;
}

const providers: Provider[] = [
  { key: 'memory', start: async () => memoryRig() },
  {
    key: 'socket-io',
    start: () => socketIoRig({ streamName: uniqueStream('bench'), streamMaxLength: 5 * messages }),
    server: {
      kind: 'socket-io',
      name: 'socket-io + Redis',
      config: { secret: HUB_SECRET, redisUrl: REDIS_URL, streamName: uniqueStream('bench-restart') },
      clients: (port) => socketIoClients(`http://127.0.0.1:${port}`),
    },
  },
  {
    key: 'pusher',
    start: () => pusherRig(),
    server: {
      kind: 'pusher',
      name: 'pusher (emulator)',
      config: { pusher: PUSHER_CREDENTIALS },
      clients: (port) => pusherClients('127.0.0.1', port),
    },
  },
  {
    key: 'ably',
    start: () => ablyRig(),
    server: { kind: 'ably', name: 'ably (emulator)', config: { ablyKey: ABLY_KEY }, clients: (port) => ablyClients('127.0.0.1', port) },
    tokenExpiry: true,
  },
];

async function measure(provider: Provider): Promise<FaultReport[]> {
  const rig = await provider.start();
  const rows: FaultReport[] = [];
  const step = async (label: string, run: () => Promise<FaultReport>) => {
    process.stdout.write(`${rig.name}: ${label}… `);
    const report = await run();
    console.log(`sent ${report.sent}, delivered ${report.delivered}, gaps ${report.gapsReported}, lost ${report.lost}`);
    rows.push(report);
  };
  try {
    await step('connections dropped ×3', () => runConnectionDrops(rig, stream));
    await step('publish endpoint 503 for 2 s', () => runPublishOutage(rig, { ...stream, status: 503 }));
    if ('publisherConfig' in rig) await step('publisher killed', () => runPublisherKilled(rig as NetworkRig, { before: 100, total: 1000 }));
    else
      rows.push(notApplicable(rig.name, 'publisher killed with messages in its outbox', 'n/a: the hub lives inside the publisher process'));
    await step('outbox Redis down 3 s', () =>
      runOutboxRedisOutage(rig, { messages: Math.min(messages, 5000), ratePerSecond: Math.min(ratePerSecond, 300), downMs: 3000 }),
    );
    if ('publisherConfig' in rig) {
      const network = rig as NetworkRig;
      await step('outbox Redis crashed, AOF', () => runOutboxRedisCrash(network, { persistent: true, before: 100, total: 1000 }));
      await step('outbox Redis crashed, no persistence', () => runOutboxRedisCrash(network, { persistent: false }));
    } else {
      for (const label of ['with AOF (fsync always)', 'without persistence']) {
        rows.push(notApplicable(rig.name, `outbox Redis crashed ${label}`, 'n/a: the hub lives inside the publisher process'));
      }
    }
    if (provider.key === 'socket-io') {
      // The hub restarted in this process, on the same port, while the publisher keeps the default retry policy.
      await step('hub restarted 5 s, default retries', () => runHubRestart({ ...stream, downMs: 5000 }));
    }
    if (provider.server) {
      const server = provider.server;
      await step('server restarted', () => runServerRestart(server, stream));
    } else rows.push(notApplicable(rig.name, 'server process killed and restarted', 'n/a: no server process'));
    if (provider.tokenExpiry) {
      const ably = rig as Awaited<ReturnType<typeof ablyRig>>;
      await step('token expired', () =>
        runStreamWithFault(rig, 'token expired mid-stream ×2', async () => ably.emulator.expireToken(), { ...stream, at: [0.3, 0.6] }),
      );
    } else rows.push(notApplicable(rig.name, 'token expired mid-stream', 'n/a: no expiring provider token'));
    await step('malformed frames', async () => {
      const report = await runMalformedFrames(rig);
      return { ...report, note: report.note ?? '' };
    });
  } finally {
    await rig.teardown();
  }
  return rows;
}

/** The faults that end in a gap without the store, again with the history store. */
async function measureWithHistory(provider: Provider): Promise<FaultReport[]> {
  const rig = await provider.start();
  const rows: FaultReport[] = [];
  const step = async (label: string, run: () => Promise<FaultReport>) => {
    process.stdout.write(`${rig.name}: ${label}, with history store… `);
    const report = await run();
    console.log(`sent ${report.sent}, delivered ${report.delivered}, gaps ${report.gapsReported}, lost ${report.lost}`);
    rows.push(report);
  };
  try {
    await step('connections dropped ×3', () => runConnectionDrops(rig, { ...stream, history: true }));
    if (provider.server) {
      const server = provider.server;
      await step('server restarted', () => runServerRestart(server, { ...stream, history: true }));
    } else rows.push(notApplicable(rig.name, 'server process killed and restarted, with history store', 'n/a: no server process'));
  } finally {
    await rig.teardown();
  }
  return rows;
}

const HISTORY_HEADING = '## With the history store';

/** The history-store section: its own table, read against the one above. */
function historySection(rows: FaultReport[]): string {
  const lost = rows.filter((row) => row.lost > 0 || row.gapsReported > 0 || row.duplicates > 0);
  return `${HISTORY_HEADING}

The same streams (${messages.toLocaleString('en')} messages at ${ratePerSecond}/s, 2 subscribers), with a history store: the
publisher appends every message to a memory store in the test process and the subscribers catch up from it
through an in-process auth endpoint (\`history: createHistoryClient(...)\`, see [history.md](./history.md)). A gap
would be reported only for what retention no longer holds; retention here is 100,000 messages.

${formatReportTable(rows)}

${lost.length === 0 ? 'With the store: nothing lost, no gap, no duplicate, on every provider.' : `**Not clean with the store: ${lost.map((row) => `${row.provider} / ${row.fault}`).join('; ')}.**`}
`;
}

/** Replaces (or adds, before the known defects) the history section of an existing page. */
function withHistorySection(page: string, section: string): string {
  const start = page.indexOf(HISTORY_HEADING);
  if (start !== -1) {
    const end = page.indexOf('\n## ', start + HISTORY_HEADING.length);
    return `${page.slice(0, start)}${section}${end === -1 ? '' : page.slice(end + 1)}`;
  }
  const defects = page.indexOf('## Known defects');
  return defects === -1 ? `${page}\n${section}` : `${page.slice(0, defects)}${section}\n${page.slice(defects)}`;
}

/** The hub's own faults (socket-io only; the other providers get a row saying why not). */
async function measureHubFaults(): Promise<FaultReport[]> {
  const rows: FaultReport[] = [];
  const step = async (label: string, run: () => Promise<FaultReport>) => {
    process.stdout.write(`${label}… `);
    const report = await run();
    console.log(`sent ${report.sent}, delivered ${report.delivered}, gaps ${report.gapsReported}, lost ${report.lost}`);
    rows.push(report);
  };
  for (const persistence of ['none', 'aof-always'] as const) {
    for (const outageMs of [3000, 10_000]) {
      await step(`socket-io, 3 hubs, Redis (${persistence}) killed for ${outageMs / 1000} s`, async () => {
        const rig = await socketIoClusterRig({ hubs: 3, persistence });
        try {
          return await runRedisOutage(rig, { messages, ratePerSecond: 300, outageMs, settleTimeoutMs: 60_000 });
        } finally {
          await rig.teardown();
        }
      });
    }
  }
  await step('socket-io, a client stops reading', () => runStalledClient({ messages: 27_000, ratePerSecond: 450, padBytes: 4000 }));
  for (const provider of ['memory', 'pusher (emulator)', 'ably (emulator)']) {
    rows.push(
      notApplicable(provider, 'Redis killed under several hubs', "n/a: no Redis of the app's between servers"),
      notApplicable(
        provider,
        'a client stops reading',
        provider === 'memory' ? "n/a: subscribers live in the publisher's process" : "n/a: the service's own slow-client policy applies",
      ),
    );
  }
  return rows;
}

function markdown(rows: FaultReport[], startedAt: Date, elapsedMs: number): string {
  const cpu = cpus();
  const defects = KNOWN_DEFECTS.map((defect) => `- **${defect.provider} / ${defect.fault}**: ${defect.summary}`).join('\n');
  const lostCells = rows.filter((row) => row.lost > 0).map((row) => `${row.provider} / ${row.fault}`);
  return `# Reliability under faults

Generated by \`pnpm reliability\` (scripts/reliability.ts) on ${startedAt.toISOString().slice(0, 10)}:
${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${platform()} ${release()}, Node ${process.version}.
${messages.toLocaleString('en')} messages per stream at a target of ${ratePerSecond}/s, 2 subscribers, 16 publishes in flight; the
whole run took ${Math.round(elapsedMs / 1000)} s. The same scenarios run in CI at 1,000 messages (\`vitest --project reliability\`).

The Socket.IO hub's own faults close the table: Redis killed (SIGKILL) for 3 s and for 10 s under three hubs,
one subscriber on each, ${messages.toLocaleString('en')} messages at 300/s over the first hub's HTTP endpoint, on a Redis
without persistence and on one with \`appendfsync always\`; and a client that stops reading a tenth into a stream of
27,000 messages of 4 kB at 450/s (1.8 MB/s), and reads again 2 s after the hub cut it, beside one that keeps reading,
with the hub's default \`maxBufferedBytes\` (8 MiB).

What they guarantee is stated per provider in [guarantees.md](./guarantees.md).

## How to read it

- **sent**: messages the provider accepted (publishes that gave up would be counted apart; there were none).
- **delivered**: distinct messages received, summed over the subscribers (expected: sent × subscribers).
- **duplicates**: copies handed to an application handler twice (must be 0). **suppressed by de-dup**: copies the
  provider delivered more than once and core's de-duplication dropped.
- **recovered**: deliveries replayed after a reconnect (\`meta.recovered\`).
- **gaps reported**: gap events; **covered by a gap**: messages a subscriber did not receive but was told it may
  have missed. A gap covers the messages accepted between its \`since\` (minus 1 s for frames in flight on the
  dying socket) and the moment it was reported.
- **lost**: neither delivered nor covered by a gap: silently missing. **Must be 0.**
- **rate**: messages per second the publisher achieved (the provider's HTTP API sets the pace).
- **outbox rows** run the outbox on a redis-server of their own. *Down 3 s*: killed (SIGKILL) under a live
  publisher and restarted with its append-only file; then the publisher closes and the next one on the same
  outbox sends what is left, to subscribers whose de-duplication window is only 50 ids, so a message sent
  again would count as a duplicate. *Crashed*: a publisher process is killed with messages waiting, then
  Redis is killed and restarted before the next publisher recovers them.
- **hub restarted, default retries**: a Socket.IO hub closed and, 5 s later, listening again on the same
  port, while the publisher has no \`retry\` option: \`publishFailed\` (publishes that gave up) must be 0.

${formatReportTable(rows)}

${lostCells.length === 0 ? 'Nothing was silently lost.' : `**Silently lost messages in: ${lostCells.join('; ')}.** See the known defects below.`}

## Known defects

${defects || 'None.'}
`;
}

const startedAt = new Date();
const started = Date.now();
const redis = await redisAvailable();
if (!redis) {
  console.error(`Redis is not reachable at ${REDIS_URL}; the socket-io rows and the outbox need it.`);
  process.exit(1);
}
const page = new URL('../docs/reliability.md', import.meta.url);
const networkRigs = providers
  .filter((provider) => provider.key !== 'memory' && (!only || only.includes(provider.key)))
  .map((provider) => provider.start as () => Promise<NetworkRig>);
if (postgresOutboxOnly) {
  const outboxRows = await measurePostgresOutbox(networkRigs, outboxTransactions);
  writeFileSync(page, withPostgresOutboxSection(readFileSync(page, 'utf8'), postgresOutboxSection(outboxRows, outboxTransactions)));
  console.log('\nWrote the Postgres outbox section of docs/reliability.md');
  process.exit(0);
}
const rows: FaultReport[] = [];
const historyRows: FaultReport[] = [];
for (const provider of providers) {
  if (only && !only.includes(provider.key)) continue;
  if (!historyOnly) rows.push(...(await measure(provider)));
  historyRows.push(...(await measureWithHistory(provider)));
}
if (!historyOnly && (!only || only.includes('socket-io') || only.includes('hub'))) rows.push(...(await measureHubFaults()));
const outboxRows = historyOnly ? undefined : await measurePostgresOutbox(networkRigs, outboxTransactions);
const text = historyOnly ? readFileSync(page, 'utf8') : markdown(rows, startedAt, Date.now() - started);
const withHistory = withHistorySection(text, historySection(historyRows));
writeFileSync(
  page,
  outboxRows ? withPostgresOutboxSection(withHistory, postgresOutboxSection(outboxRows, outboxTransactions)) : withHistory,
);
console.log(`\n${formatReportTable([...rows, ...historyRows])}\n\nWrote docs/reliability.md`);
process.exit(0);
