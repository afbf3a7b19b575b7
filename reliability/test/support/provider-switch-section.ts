/**
 * The live provider switch rows of docs/reliability.md: each pair switched mid-stream at full rate
 * (`pnpm reliability --switch-only` measures only these and rewrites only this section).
 */
import { runProviderSwitch, type SwitchReport } from './provider-switch-scenario.js';

const HEADING = '## Live provider switch';

/** The pairs the issue names: each provider is left once and joined once. */
export const SWITCH_PAIRS = [
  ['socket-io', 'ably'],
  ['ably', 'pusher'],
  ['pusher', 'socket-io'],
] as const;

/** Runs every pair; prints a line per pair as it finishes. */
export async function measureProviderSwitch(messages: number, rate: number): Promise<SwitchReport[]> {
  const reports: SwitchReport[] = [];
  for (const [from, to] of SWITCH_PAIRS) {
    process.stdout.write(`switch ${from} → ${to}… `);
    const report = await runProviderSwitch({ from, to, rate, messages, settleMs: 60_000 });
    console.log(report.subscribers.map((s) => `lost ${s.lost}, duplicates ${s.duplicates}, moved in ${s.moveMs ?? '—'} ms`).join('; '));
    reports.push(report);
  }
  return reports;
}

/** The section: one row per pair and subscriber. */
export function providerSwitchSection(reports: SwitchReport[]): string {
  const rows = reports.flatMap((report) =>
    report.subscribers.map((s, index) => {
      const via = Object.entries(s.byProvider)
        .map(([provider, count]) => `${provider} ${count}`)
        .join(', ');
      const moved = s.moveMs === undefined ? `did not move${s.errors.length ? ` (${s.errors.join('; ')})` : ''}` : `${s.moveMs} ms`;
      return `| ${report.from} → ${report.to} | ${index + 1} | ${report.sent.toLocaleString('en')} | ${report.publishFailed} | ${s.received.toLocaleString('en')} | ${s.lost} | ${s.duplicates} | ${moved} | ${via} |`;
    }),
  );
  const clean = reports.every((report) => report.subscribers.every((s) => s.lost === 0 && s.duplicates === 0 && s.moveMs !== undefined));
  const { sent, rate } = reports[0] ?? { sent: 0, rate: 0 };
  return `${HEADING}

A server running \`createProviderSwitch\` switches provider half-way through a stream of ${sent.toLocaleString('en')} messages at
${rate}/s; two subscribers on its auth endpoint hear the announcement on their current connection, connect to the new
provider, re-subscribe, switch delivery and close the old connection, while the publisher sends every message to both
providers with the same id ([provider-switch.md](./provider-switch.md)). Real SDKs, the Pusher and Ably emulators and a
Socket.IO hub. "Lost" counts messages the publisher accepted that a subscriber never received; a "publish failed"
was reported to its caller after the publisher's retries. "Moved in" runs from the subscriber noticing the change to delivery from the new provider; "delivered
by" counts handler calls by \`meta.provider\`.

| switch | subscriber | sent | publish failed | received | lost | duplicates delivered | moved in | delivered by |
|---|---|---:|---:|---:|---:|---:|---:|---|
${rows.join('\n')}

${clean ? 'Every subscriber moved; nothing lost, nothing delivered twice.' : '**Not clean: see the rows above.**'}
`;
}

/** Replaces (or adds, before the known defects) this section of an existing page. */
export function withProviderSwitchSection(page: string, section: string): string {
  const start = page.indexOf(HEADING);
  if (start !== -1) {
    const end = page.indexOf('\n## ', start + HEADING.length);
    return `${page.slice(0, start)}${section}${end === -1 ? '' : page.slice(end + 1)}`;
  }
  const defects = page.indexOf('## Known defects');
  return defects === -1 ? `${page}\n${section}` : `${page.slice(0, defects)}${section}\n${page.slice(defects)}`;
}
