/**
 * `pnpm reliability`'s Postgres-outbox rows: every fault of `postgres-outbox-scenarios.ts` on each
 * network provider at full size, and the docs/reliability.md section that shows them.
 */
import type { NetworkRig } from '../rigs/network-rig.js';
import { POSTGRES_URL, type PrivatePostgres, startPrivatePostgres } from './postgres.js';
import {
  formatPostgresOutboxTable,
  POSTGRES_OUTBOX_FAULTS,
  type PostgresOutboxReport,
  runPostgresOutboxFault,
} from './postgres-outbox-scenarios.js';

export const POSTGRES_OUTBOX_HEADING = '## The Postgres transactional outbox';

/** Runs every fault on every rig (`start` builds a fresh one), `messages` transactions each. */
export async function measurePostgresOutbox(rigs: Array<() => Promise<NetworkRig>>, messages: number): Promise<PostgresOutboxReport[]> {
  const rows: PostgresOutboxReport[] = [];
  let server: PrivatePostgres | undefined;
  try {
    for (const start of rigs) {
      const rig = await start();
      try {
        for (const fault of POSTGRES_OUTBOX_FAULTS) {
          process.stdout.write(`${rig.name}: postgres outbox, ${fault}… `);
          if (fault === 'database restarted') server ??= await startPrivatePostgres();
          const report = await runPostgresOutboxFault(rig, fault, {
            adminUrl: fault === 'database restarted' && server ? server.url : POSTGRES_URL,
            messages,
            restartDatabase: () => server?.restart(2000) ?? Promise.resolve(),
            settleTimeoutMs: 120_000,
          });
          console.log(`committed ${report.committed}, delivered ${report.delivered}, lost ${report.lost}, duplicates ${report.duplicates}`);
          rows.push(report);
        }
      } finally {
        await rig.teardown();
      }
    }
  } finally {
    await server?.stop();
  }
  return rows;
}

/** The section of docs/reliability.md. */
export function postgresOutboxSection(rows: PostgresOutboxReport[], messages: number): string {
  const unclean = rows.filter((row) => row.lost > 0 || row.sentUncommitted > 0 || row.duplicates > 0 || row.leftInOutbox > 0);
  return `${POSTGRES_OUTBOX_HEADING}

\`@switchboard/postgres-outbox\` ([postgres-outbox.md](./postgres-outbox.md)): ${messages.toLocaleString('en')} transactions per row from four
concurrent writers, each inserting a numbered row and recording its message in the same transaction, every seventh
rolled back on purpose, over three channels; relays woken by LISTEN/NOTIFY send what committed; two subscribers
count what their handlers receive. The truth is the database: every committed row must reach every subscriber once.

- **app killed after commit**: the writer is a process of its own, killed (SIGKILL) half-way, after a commit or
  inside a transaction; a relay in the test process sends what committed.
- **relay killed mid-batch**: the relay is a process of its own on the real provider, killed (SIGKILL) while it
  sends; a second relay takes its claimed rows over when their lease (1.5 s) lapses, with the same ids.
- **two relays racing**: two relays on one outbox, claiming with \`FOR UPDATE SKIP LOCKED\`.
- **database restarted**: a private PostgreSQL (initdb + pg_ctl, its own port) stopped with \`-m immediate\` (a
  crash) a third of the way in and started 2 s later; transactions cut by it are not retried.
- **provider down 3 s**: the provider's publish endpoint answers 503 for 3 s a third of the way in.
- **not committed**: transactions that did not commit (rolled back on purpose, or cut by the fault);
  **sent though not committed** must be 0, as must **lost**, **duplicates to the app** and **left in outbox**.

${formatPostgresOutboxTable(rows)}

${unclean.length === 0 ? 'Every committed message reached every subscriber exactly once; nothing of a transaction that did not commit was sent.' : `**Not clean: ${unclean.map((row) => `${row.provider} / ${row.fault}`).join('; ')}.**`}
`;
}

/** Replaces (or adds, before the known defects) the section in an existing page. */
export function withPostgresOutboxSection(page: string, section: string): string {
  const start = page.indexOf(POSTGRES_OUTBOX_HEADING);
  if (start !== -1) {
    const end = page.indexOf('\n## ', start + POSTGRES_OUTBOX_HEADING.length);
    return `${page.slice(0, start)}${section}${end === -1 ? '' : page.slice(end + 1)}`;
  }
  const defects = page.indexOf('## Known defects');
  return defects === -1 ? `${page}\n${section}` : `${page.slice(0, defects)}${section}\n${page.slice(defects)}`;
}
