/**
 * The transactional outbox under faults, on a real provider: writers commit numbered rows and record
 * their messages in the same transactions (every seventh rolled back), relays send what committed,
 * subscribers count what their handlers get. The truth is the database: every committed row must
 * reach every subscriber once (lost 0, duplicates to the app 0), no rolled-back one ever.
 */
import { createSubscriberFromTransport, type RealtimeSubscriber } from '@switchboard/core';
import { pgListener, postgresOutbox, startRelay } from '@switchboard/postgres-outbox';
import { waitFor } from '@switchboard/testing';
import { faultStream, PATIENT_RETRY, type TappedTransport, tapTransport } from '@switchboard/testing/faults';
import pg from 'pg';
import { type Fixture, startFixture } from '../fixtures/child-process.js';
import type { NetworkRig } from '../rigs/network-rig.js';
import { createDatabase } from './postgres.js';

export const POSTGRES_OUTBOX_FAULTS = [
  'rolled-back transactions',
  'app killed after commit',
  'relay killed mid-batch',
  'two relays racing',
  'database restarted',
  'provider down 3 s',
] as const;

export type PostgresOutboxFault = (typeof POSTGRES_OUTBOX_FAULTS)[number];

export interface PostgresOutboxScenarioOptions {
  /** The server to create the scenario's database on (a private one for 'database restarted'). */
  adminUrl: string;
  /** Transactions attempted. @default 200 */
  messages?: number;
  /** Restarts the database server ('database restarted'). */
  restartDatabase?: () => Promise<void>;
  /** @default 2 */
  subscribers?: number;
  /** Longest wait for delivery after the last commit. @default 60000 */
  settleTimeoutMs?: number;
}

export interface PostgresOutboxReport {
  provider: string;
  fault: PostgresOutboxFault;
  subscribers: number;
  /** Rows committed (the truth). */
  committed: number;
  /** Transactions that did not commit: rolled back on purpose, or cut by the fault. */
  notCommitted: number;
  /** Distinct committed messages received, summed over subscribers. */
  delivered: number;
  /** Committed messages a subscriber never received (must be 0). */
  lost: number;
  /** Messages received whose transaction did not commit (must be 0). */
  sentUncommitted: number;
  /** Extra copies handed to application handlers (must be 0). */
  duplicates: number;
  /** Copies the provider delivered more than once, dropped by the subscribers' de-duplication. */
  suppressedDuplicates: number;
  /** Rows still pending in the outbox at the end (must be 0). */
  leftInOutbox: number;
  durationMs: number;
}

const LEASE_MS = 1500;

/** Runs one fault on `rig` and reports what the subscribers received against what committed. */
export async function runPostgresOutboxFault(
  rig: NetworkRig,
  fault: PostgresOutboxFault,
  options: PostgresOutboxScenarioOptions,
): Promise<PostgresOutboxReport> {
  const total = options.messages ?? 200;
  const started = Date.now();
  const run = `pgo-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const runs = ['a', 'b', 'c'].map((suffix) => `${run}-${suffix}`);
  const channels = runs.map((name) => faultStream({ run: name }));
  const database = await createDatabase(options.adminUrl, fault.split(' ')[0] ?? 'fault');
  const pool = new pg.Pool({ connectionString: database.url, max: 8 });
  pool.on('error', () => {});
  const cleanups: Array<() => Promise<unknown>> = [];
  const children: Fixture[] = [];
  const subscribers: RealtimeSubscriber[] = [];
  const taps: TappedTransport[] = [];
  try {
    await pool.query('CREATE TABLE app_rows (n integer PRIMARY KEY)');
    const outboxOf = (leaseMs = 30_000) =>
      postgresOutbox({ database: pool, channels: [faultStream], leaseMs, pollIntervalMs: 200, onError: () => {} });
    const observer = outboxOf();
    await observer.migrate();

    const counts = Array.from({ length: options.subscribers ?? 2 }, () => new Map<number, number>());
    for (const received of counts) {
      const tap = tapTransport(rig.subscriberTransport());
      taps.push(tap);
      const subscriber = createSubscriberFromTransport(tap.transport, { dedupeWindow: 5000 });
      subscribers.push(subscriber);
      for (const channel of channels) {
        await subscriber.subscribe(channel, {
          tick: (data: { n: number }) => received.set(data.n, (received.get(data.n) ?? 0) + 1),
        } as never).ready;
      }
    }
    await waitFor(() => subscribers.every((subscriber) => subscriber.state === 'connected'), 15_000, 'every subscriber connected');

    const startRelayHere = async (leaseMs?: number) => {
      const outbox = outboxOf(leaseMs);
      const publisher = rig.publisher({ outbox, retry: PATIENT_RETRY });
      const listener = pgListener(
        async () => {
          const client = new pg.Client({ connectionString: database.url });
          await client.connect();
          return client;
        },
        { onError: () => {} },
      );
      const relay = await startRelay({ outbox, publisher, listener, onError: () => {} });
      cleanups.push(async () => {
        await relay.close();
        await publisher.close();
      });
    };
    const fixture = (script: string, config: Record<string, unknown>) => {
      const child = startFixture(script, config);
      children.push(child);
      return child;
    };

    if (fault === 'relay killed mid-batch') {
      await fixture('./postgres-outbox-relay.ts', {
        url: database.url,
        schema: 'switchboard',
        leaseMs: LEASE_MS,
        publisher: rig.publisherConfig(),
      }).line('relaying');
    } else {
      await startRelayHere();
      if (fault === 'two relays racing') await startRelayHere();
    }

    let attempted = total;
    if (fault === 'app killed after commit') {
      const app = fixture('./postgres-outbox-app.ts', { url: database.url, schema: 'switchboard', runs, from: 0 });
      await app.line(`committed ${Math.floor(total / 2)}`, 60_000);
      await app.process.kill('SIGKILL');
      await new Promise((resolve) => app.process.once('exit', resolve));
      const { rows } = await pool.query('SELECT coalesce(max(n), 0)::int AS last FROM app_rows');
      attempted = Number(rows[0]?.last ?? 0) + 2;
    } else {
      await writeRows(pool, observer, runs, total, async () => {
        if (fault === 'provider down 3 s') {
          const recover = rig.failPublishes(503);
          setTimeout(recover, 3000);
        } else if (fault === 'database restarted') {
          await options.restartDatabase?.();
        } else if (fault === 'relay killed mid-batch') {
          await waitFor(() => (counts[0]?.size ?? 0) > 0, 30_000, 'the relay process delivered something');
          // Mid-batch: kill it while it holds claimed rows it has not marked sent (sending, or sent unmarked).
          await waitForClaimedRows(pool);
          await children[0]?.kill();
          await startRelayHere(LEASE_MS);
        }
      });
    }

    const committed = new Set((await pool.query('SELECT n FROM app_rows')).rows.map((row) => Number(row.n)));
    // Delivered everywhere, and the outbox drained (rows a killed relay sent but never marked are
    // sent again, with the same ids, once its lease lapses: the copies show as suppressed).
    const complete = async () =>
      counts.every((received) => [...committed].every((n) => received.has(n))) && (await observer.pending()) === 0;
    await waitFor(complete, options.settleTimeoutMs ?? 60_000, 'every committed message delivered').catch(() => {});
    // Late copies would show up as duplicates: give them a moment.
    await new Promise((resolve) => setTimeout(resolve, 500));
    let delivered = 0;
    let lost = 0;
    let sentUncommitted = 0;
    let duplicates = 0;
    for (const received of counts) {
      for (const n of committed)
        if (received.has(n)) delivered += 1;
        else lost += 1;
      for (const [n, copies] of received) {
        if (!committed.has(n)) sentUncommitted += 1;
        duplicates += copies - 1;
      }
    }
    return {
      provider: rig.name,
      fault,
      subscribers: counts.length,
      committed: committed.size,
      notCommitted: attempted - committed.size,
      delivered,
      lost,
      sentUncommitted,
      duplicates,
      suppressedDuplicates: taps.reduce((sum, tap) => sum + tap.rawDuplicates(), 0),
      leftInOutbox: await observer.pending(),
      durationMs: Date.now() - started,
    };
  } finally {
    for (const child of children) await child.kill().catch(() => {});
    for (const cleanup of cleanups) await cleanup().catch(() => {});
    await Promise.all(subscribers.map((subscriber) => subscriber.close().catch(() => {})));
    await pool.end().catch(() => {});
    await database.drop().catch(() => {});
  }
}

/** Polls (every few ms, up to 10 s) until some row is claimed by a relay and not yet marked sent. */
async function waitForClaimedRows(pool: pg.Pool): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM switchboard.outbox WHERE owner IS NOT NULL AND sent_at IS NULL');
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Four writers commit rows 0…total-1 with their messages (every seventh rolls back on purpose);
 * `fault` runs once a third is written. A transaction the fault cuts is not retried: the database
 * says afterwards whether it committed.
 */
async function writeRows(
  pool: pg.Pool,
  outbox: ReturnType<typeof postgresOutbox>,
  runs: string[],
  total: number,
  fault: () => Promise<void>,
): Promise<void> {
  let next = 0;
  let faulted: Promise<void> | undefined;
  const writer = async () => {
    while (next < total) {
      const n = next++;
      if (n === Math.floor(total / 3)) faulted = fault();
      const client = await pool.connect().catch(() => undefined);
      if (!client) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      // A checked-out client whose server dies emits 'error'; the query in flight rejects with it anyway.
      const ignore = () => {};
      client.on('error', ignore);
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO app_rows (n) VALUES ($1)', [n]);
        await outbox.publish(client, faultStream({ run: runs[n % runs.length] as string }), 'tick', { n });
        await client.query(n % 7 === 3 ? 'ROLLBACK' : 'COMMIT');
        client.off('error', ignore);
        client.release();
      } catch (error) {
        // Destroyed by the pool: its listener goes with it (a late 'error' must not crash the run).
        client.release(error as Error);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
  await faulted;
}

/** The Markdown table of reports. */
export function formatPostgresOutboxTable(reports: readonly PostgresOutboxReport[]): string {
  const header =
    '| provider | fault | subscribers | committed | not committed | delivered | lost | sent though not committed | duplicates to the app | suppressed by de-dup | left in outbox | seconds |';
  const rows = reports.map(
    (report) =>
      `| ${[
        report.provider,
        report.fault,
        report.subscribers,
        report.committed,
        report.notCommitted,
        report.delivered,
        report.lost,
        report.sentUncommitted,
        report.duplicates,
        report.suppressedDuplicates,
        report.leftInOutbox,
        (report.durationMs / 1000).toFixed(1),
      ].join(' | ')} |`,
  );
  return [header, `|${' --- |'.repeat(12)}`, ...rows].join('\n');
}
