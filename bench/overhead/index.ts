/**
 * Measurement 1 — adapter overhead: publish→deliver throughput and latency through Switchboard
 * and through the raw SDK doing the same work, per provider, with the memory adapter as the floor.
 */
import { paragraphs, type Section, table } from '../lib/markdown.js';
import { type Budget, formatMicroseconds, formatMs, formatRate, formatRatio, verdict } from '../lib/stats.js';
import { rawAblyRig, switchboardAblyRig } from './ably-rigs.js';
import { compareRigs, type RigPlan, type RigResult } from './compare-rigs.js';
import { switchboardMemoryRig } from './memory-rig.js';
import { rawPusherRig, switchboardPusherRig } from './pusher-rigs.js';
import { rawSocketIoRig, switchboardSocketIoRig } from './socket-io-rigs.js';

const THROUGHPUT_BUDGET: Budget = { kind: 'at-least', ratio: 0.95 };
const P99_BUDGET: Budget = { kind: 'at-most', ratio: 1.1 };

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

interface ProviderRun {
  provider: string;
  results: RigResult[];
  /** Index of the Switchboard row and of the raw row it is judged against. */
  switchboard: number;
  raw: number;
}

export interface OverheadOutcome {
  section: Section;
  runs: ProviderRun[];
}

export async function measureOverhead(quick: boolean, log: (line: string) => void): Promise<OverheadOutcome> {
  const { socket, http } = plans(quick);
  const runs: ProviderRun[] = [];
  log('overhead: memory + Socket.IO');
  runs.push({
    provider: 'Socket.IO',
    switchboard: 0,
    raw: 1,
    results: await compareRigs(
      [
        { label: 'Switchboard (in-process publisher)', create: () => switchboardSocketIoRig() },
        { label: 'raw `io.to(room).emit`', create: () => rawSocketIoRig() },
        { label: 'raw + connection-state recovery', create: () => rawSocketIoRig({ recovery: true }) },
        { label: 'Switchboard, memory adapter (floor)', create: () => switchboardMemoryRig() },
      ],
      socket,
    ),
  });
  log('overhead: Pusher (emulator)');
  runs.push({
    provider: 'Pusher',
    switchboard: 0,
    raw: 1,
    results: await compareRigs(
      [
        { label: 'Switchboard', create: switchboardPusherRig },
        { label: 'raw `pusher.trigger` + pusher-js', create: rawPusherRig },
      ],
      http,
    ),
  });
  log('overhead: Ably (emulator)');
  runs.push({
    provider: 'Ably',
    switchboard: 0,
    raw: 1,
    results: await compareRigs(
      [
        { label: 'Switchboard', create: switchboardAblyRig },
        { label: 'raw REST publish + Realtime subscribe', create: rawAblyRig },
      ],
      http,
    ),
  });
  return { section: render(runs, socket, http), runs };
}

function rows(run: ProviderRun): string[][] {
  const raw = run.results[run.raw] as RigResult;
  return run.results.map((result, index) => {
    const judged = index === run.switchboard;
    const throughputRatio = result.throughput / raw.throughput;
    const p99Ratio = result.p99 / raw.p99;
    const spread = `${formatRate(Math.min(...result.throughputs))}–${formatRate(Math.max(...result.throughputs))}`;
    return [
      index === 0 ? `**${run.provider}**` : '',
      result.lost > 0 ? `${result.label} (**${result.lost} lost**)` : result.label,
      `${formatRate(result.throughput)} <sub>(${spread})</sub>`,
      formatMicroseconds(result.cpuPerMessage),
      formatMs(result.p50),
      formatMs(result.p99),
      index === run.raw ? '1.00×' : formatRatio(throughputRatio),
      index === run.raw ? '1.00×' : formatRatio(p99Ratio),
      judged ? `throughput ${verdict(throughputRatio, THROUGHPUT_BUDGET)}; p99 ${verdict(p99Ratio, P99_BUDGET)}` : '',
    ];
  });
}

/** Why the budget holds or not, from this run's CPU figures. */
function analysis(runs: ProviderRun[]): string {
  const socketIo = runs.find((run) => run.provider === 'Socket.IO');
  const floor = socketIo?.results[3];
  const lines = runs.map((run) => {
    const ours = run.results[run.switchboard] as RigResult;
    const raw = run.results[run.raw] as RigResult;
    const added = ours.cpuPerMessage - raw.cpuPerMessage;
    return `${run.provider}: Switchboard spends ${formatMicroseconds(ours.cpuPerMessage)} of CPU per message where raw spends ${formatMicroseconds(raw.cpuPerMessage)} (${added >= 0 ? '+' : ''}${formatMicroseconds(added)}, ${formatRatio(ours.cpuPerMessage / raw.cpuPerMessage)})`;
  });
  return (
    `**Why, and what would move it.** Everything here runs in one process, so throughput is the inverse of the CPU the ` +
    `whole pipeline spends per message, and Switchboard’s fixed per-message work shows fully: ${lines.join('; ')}. ` +
    (floor
      ? `Core alone (the memory-adapter floor) costs ${formatMicroseconds(floor.cpuPerMessage)} per message: two valibot ` +
        'validations (the larger part; see “Core cost”), a UUID, the envelope, the de-duplication window and, on the memory ' +
        'adapter, a `structuredClone` per delivery standing in for the wire. Core’s publish runs synchronously up to the ' +
        'transport when the schema answers synchronously (the retry loop is entered only after a failed attempt), and the ' +
        'size check proves a message is under the limit with a bound walked over the data instead of serializing it, on ' +
        'both ends; only messages near the limit are serialized and counted. On Socket.IO a CPU profile of the Switchboard ' +
        'side (`node --cpu-prof`) puts the adapter’s own code (hub broadcast, in-process transport, subscriber transport) ' +
        'at 1–2% of the CPU; the rest is Socket.IO itself (packet encoding and parsing, WebSocket writes, its emitter), ' +
        'core with valibot, and the connection-state recovery the hub always enables — compare the two raw rows: recovery ' +
        'tags every broadcast with an offset and keeps it for the recovery window, which is also more garbage to collect. ' +
        'Judged against raw Socket.IO without recovery, the throughput budget cannot hold with validation on both ends and ' +
        'recovery on: each of them alone costs more CPU than the 5% the budget allows, and the envelope (id, ts, seq, ' +
        'plus the channel name in the packet) adds about 100 bytes to encode and parse per message. '
      : '') +
    'On Pusher and Ably the HTTP request per publish (signing, the SDK’s HTTP stack, the emulator) dominates, so the CPU ' +
    'ratios are closer to 1; the adapters add their own work to core’s: the Pusher adapter sends the envelope as a JSON ' +
    'string inside Pusher’s JSON body (serialized and parsed twice) and arms a request timeout per call, the Ably adapter ' +
    'maps the envelope onto Ably message fields with an idempotent id (so, unlike the raw side, the SDK draws no random ' +
    'id). Their wall-clock throughput with at most 32 requests in flight varies by 2× and more between runs of the same ' +
    'side when the machine is loaded (see the ranges), so on a shared machine their throughput ratio says less than the ' +
    'CPU per message. p99 on a shared 2-core machine is mostly scheduler and GC pauses of whichever side was running; ' +
    'read it together with p50. What would move it: `validate: false` on the publisher for trusted data (subscribers ' +
    'still validate), cheaper schemas (valibot walks every field; timestamps are the costly part), a shorter ' +
    '`recoveryWindowMs` on the hub (less retained per message), and a more compact envelope on the wire, which would be a ' +
    'protocol change. In a deployment the hub, publishers and browsers are different machines, so the publisher-side and ' +
    'subscriber-side costs are not added up on one CPU as here.'
  );
}

function render(runs: ProviderRun[], socket: RigPlan, http: RigPlan): Section {
  const headers = ['provider', 'side', 'throughput (median, range)', 'CPU / msg', 'p50', 'p99', 'throughput ÷ raw', 'p99 ÷ raw', 'budget'];
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
      table(headers, runs.flatMap(rows), [0, 1, 8]),
      'Budget: throughput ≥ 0.95× raw and p99 ≤ 1.10× raw, judged on the first row of each provider against the raw row ' +
        'below it. The extra Socket.IO rows are diagnostics: raw Socket.IO with connection-state recovery turned on (the hub ' +
        'always enables it, so Switchboard clients recover missed messages) and the memory adapter, which is core alone with ' +
        'no network or serialization. A message the provider accepted but never delivered is counted as lost (shown next ' +
        'to the side) after 10 s without progress, and left out of the numbers.',
      analysis(runs),
    ),
  };
}
