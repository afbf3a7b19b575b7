/**
 * Measurement 1 — adapter overhead: publish→deliver throughput and latency through Switchboard
 * and through the raw SDK doing the same work, per provider, with the memory adapter as the floor.
 */
import { paragraphs, type Section, table } from '../lib/markdown.js';
import { formatMicroseconds, formatMs, formatRate, formatRatio } from '../lib/stats.js';
import { rawAblyRig, switchboardAblyRig } from './ably-rigs.js';
import { compareRigs, type RigPlan, type RigResult } from './compare-rigs.js';
import { hotPathNotes } from './hot-path-notes.js';
import { switchboardMemoryRig } from './memory-rig.js';
import { rawPusherRig, switchboardPusherRig } from './pusher-rigs.js';
import { rawSocketIoRig, switchboardSocketIoRig } from './socket-io-rigs.js';

function plans(quick: boolean): { socket: RigPlan; http: RigPlan } {
  return quick
    ? {
        socket: { rounds: 2, messages: 1000, window: 64, latencySamples: 100, warmup: 1000, stallMs: 10_000 },
        http: { rounds: 2, messages: 300, window: 32, latencySamples: 50, warmup: 200, stallMs: 10_000 },
      }
    : {
        socket: { rounds: 6, messages: 5000, window: 64, latencySamples: 500, warmup: 5000, stallMs: 10_000 },
        http: { rounds: 6, messages: 1500, window: 32, latencySamples: 200, warmup: 1000, stallMs: 10_000 },
      };
}

/** One provider's comparison, with the index of each row the budgets read. */
export interface ProviderRun {
  provider: string;
  results: RigResult[];
  /** Switchboard with default settings (validation policy `'both'`). */
  switchboard: number;
  /** Switchboard with validation off on both ends: its own machinery. */
  machinery: number;
  /** The raw SDK doing the same work. */
  raw: number;
  /** Socket.IO only: raw with connection-state recovery, which the hub always enables; the budgets' reference. */
  rawRecovery?: number;
  /** Socket.IO only: core on the memory adapter, validation off. */
  memoryFloor?: number;
}

export interface OverheadOutcome {
  section: Section;
  /** Where the microseconds go: the profile's findings, shown after the section. */
  notes: Section;
  runs: ProviderRun[];
}

/** The row a provider's ratios are judged against: raw with recovery where there is one. */
export const referenceOf = (run: ProviderRun): number => run.rawRecovery ?? run.raw;

export async function measureOverhead(
  quick: boolean,
  log: (line: string) => void,
  providers?: readonly string[],
): Promise<OverheadOutcome> {
  const { socket, http } = plans(quick);
  const wanted = (name: string) => !providers || providers.includes(name);
  const runs: ProviderRun[] = [];
  if (wanted('socket-io')) {
    log('overhead: Socket.IO + memory');
    runs.push({
      provider: 'Socket.IO',
      switchboard: 0,
      machinery: 1,
      raw: 2,
      rawRecovery: 3,
      memoryFloor: 4,
      results: await compareRigs(
        [
          { label: 'Switchboard (in-process publisher), default validation', create: () => switchboardSocketIoRig() },
          { label: 'Switchboard, validation off on both ends', create: () => switchboardSocketIoRig({ validate: false }) },
          { label: 'raw `io.to(room).emit`', create: () => rawSocketIoRig() },
          { label: 'raw + connection-state recovery', create: () => rawSocketIoRig({ recovery: true }) },
          { label: 'Switchboard, memory adapter, validation off (floor)', create: () => switchboardMemoryRig({ validate: false }) },
        ],
        socket,
      ),
    });
  }
  if (wanted('pusher')) {
    log('overhead: Pusher (emulator)');
    runs.push({
      provider: 'Pusher',
      switchboard: 0,
      machinery: 1,
      raw: 2,
      results: await compareRigs(
        [
          { label: 'Switchboard, default validation', create: () => switchboardPusherRig() },
          { label: 'Switchboard, validation off on both ends', create: () => switchboardPusherRig({ validate: false }) },
          { label: 'raw `pusher.trigger` + pusher-js', create: rawPusherRig },
        ],
        http,
      ),
    });
  }
  if (wanted('ably')) {
    log('overhead: Ably (emulator)');
    runs.push({
      provider: 'Ably',
      switchboard: 0,
      machinery: 1,
      raw: 2,
      results: await compareRigs(
        [
          { label: 'Switchboard, default validation', create: () => switchboardAblyRig() },
          { label: 'Switchboard, validation off on both ends', create: () => switchboardAblyRig({ validate: false }) },
          { label: 'raw REST publish + Realtime subscribe', create: rawAblyRig },
        ],
        http,
      ),
    });
  }
  return { section: render(runs, socket, http), notes: hotPathNotes(), runs };
}

function rows(run: ProviderRun): string[][] {
  const reference = run.results[referenceOf(run)] as RigResult;
  return run.results.map((result, index) => {
    const spread = `${formatRate(Math.min(...result.throughputs))}–${formatRate(Math.max(...result.throughputs))}`;
    const self = index === referenceOf(run);
    return [
      index === 0 ? `**${run.provider}**` : '',
      result.lost > 0 ? `${result.label} (**${result.lost} lost**)` : result.label,
      `${formatRate(result.throughput)} <sub>(${spread})</sub>`,
      formatMicroseconds(result.cpuPerMessage),
      formatMs(result.p50),
      formatMs(result.p99),
      self ? '1.00×' : formatRatio(result.cpuPerMessage / reference.cpuPerMessage),
      self ? '1.00×' : formatRatio(result.throughput / reference.throughput),
      self ? '1.00×' : formatRatio(result.p99 / reference.p99),
    ];
  });
}

/** Where this run's CPU per message went, side by side: each step is the difference of two rows. */
function analysis(runs: ProviderRun[]): string {
  const us = formatMicroseconds;
  const lines = runs.map((run) => {
    const cpu = (index: number | undefined) => (index === undefined ? Number.NaN : (run.results[index]?.cpuPerMessage ?? Number.NaN));
    const parts = [
      `raw ${us(cpu(run.raw))}`,
      ...(run.rawRecovery === undefined ? [] : [`connection-state recovery +${us(cpu(run.rawRecovery) - cpu(run.raw))}`]),
      `Switchboard’s machinery +${us(cpu(run.machinery) - cpu(referenceOf(run)))}`,
      `validation on both ends +${us(cpu(run.switchboard) - cpu(run.machinery))}`,
    ];
    const floor = run.memoryFloor === undefined ? '' : `; core alone on the memory adapter: ${us(cpu(run.memoryFloor))}`;
    return `${run.provider}: ${parts.join(', ')} = ${us(cpu(run.switchboard))}${floor}`;
  });
  return (
    `**Where this run’s CPU per message went** (each step is the difference between two rows of the table, so it carries ` +
    `their noise): ${lines.join('; ')}. Everything runs in one process, so the publisher’s, the server’s and the ` +
    'subscriber’s work add up on one CPU here; in a deployment they are different machines. The profile behind these ' +
    'steps, and what was removed, is in “Where the microseconds go” below.'
  );
}

function render(runs: ProviderRun[], socket: RigPlan, http: RigPlan): Section {
  const headers = [
    'provider',
    'side',
    'throughput (median, range)',
    'CPU / msg',
    'p50',
    'p99',
    'CPU ÷ ref',
    'throughput ÷ ref',
    'p99 ÷ ref',
  ];
  return {
    heading: 'Adapter overhead',
    body: paragraphs(
      'Publish→deliver through Switchboard and through the raw SDK doing the same work, in the same process layout: the server ' +
        '(Socket.IO hub or emulator), the publisher and one subscriber connection share one Node process and talk over real ' +
        'sockets on 127.0.0.1. Every message is the progress catalog’s `lesson:updated` payload (≈170 bytes); Switchboard ' +
        'validates it with valibot when publishing and again when receiving, wraps it in its envelope (`id`, `ts`, `seq`) and ' +
        'de-duplicates by id, as an app would run it. The raw sides send the bare object.',
      `**Throughput** keeps at most ${socket.window} (Socket.IO, memory) or ${http.window} (Pusher, Ably) messages published ` +
        `but not yet delivered and counts from the first publish to the last delivery: ${socket.messages} messages per run on ` +
        `Socket.IO/memory, ${http.messages} on Pusher/Ably, ${socket.rounds} runs per side interleaved with the other side, median ` +
        'shown with the range. **CPU / msg** is the process CPU time (user + system) per message in those runs; it does not ' +
        `depend on other load on the machine. **Latency** is measured separately, one message at a time (${socket.latencySamples} ` +
        `resp. ${http.latencySamples} per run, pooled): publish call → subscriber handler.`,
      table(headers, runs.flatMap(rows), [0, 1]),
      '“ref” is the row each provider is judged against: on Socket.IO raw Socket.IO **with** connection-state recovery ' +
        '(the hub always enables it, so Switchboard clients recover missed messages; raw without it is shown too), on ' +
        'Pusher and Ably the raw SDKs. The budgets and their verdicts are in “Budgets at a glance”. The memory row is core ' +
        'alone with no network or serialization, validation off. A message the provider accepted but never delivered is ' +
        'counted as lost (shown next to the side) after 10 s without progress, and left out of the numbers.',
      analysis(runs),
    ),
  };
}
