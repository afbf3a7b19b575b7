/**
 * One live provider switch, loaded only when a subscriber sees a change: build and connect the new
 * provider's transport, attach every channel and re-enter every presence membership there, then
 * switch delivery and close the old connection after a short drain. Duplicates from the overlap are
 * dropped by id in the subscriber; a move that fails half-way closes the new connection and stays.
 */
import type { ProviderDiscovery } from '../auth/provider-discovery.js';
import type { SubscriberTransport } from '../transport.js';
import type { AttachedChannel, MoveHandle } from './movable-transport.js';
import type { ProviderChange } from './provider-change.js';

/** How long the old connection keeps delivering after the switch: messages already on their way there. */
const DRAIN_MS = 1000;

const noop = () => {};

/** Moves the subscriber behind `handle` to the provider `discovery` names, or reports why it stays. */
export async function moveSubscriber(handle: MoveHandle, discovery: ProviderDiscovery, trigger: ProviderChange['trigger']): Promise<void> {
  const { RealtimeError, unsupported } = handle.kit;
  const from = handle.current().provider;
  const to = discovery.provider;
  const started = Date.now();
  let next: SubscriberTransport | undefined;
  try {
    next = await handle.build(discovery);
    const target = next;
    target.connect();
    // Channels the app attaches while this runs are picked up by the next round.
    const done = new Map<string, AttachedChannel['ref']>();
    for (;;) {
      const pending = [...handle.channels.values()].filter(({ ref }) => !done.has(ref.name));
      if (pending.length === 0) break;
      await Promise.all(
        pending.map(async ({ ref, sink }) => {
          await target.attach(ref, handle.sinkOn(target, sink), {});
          done.set(ref.name, ref);
        }),
      );
    }
    // Channels the app let go of while this ran are let go of here too.
    for (const [name, ref] of done) if (!handle.channels.has(name)) await target.detach(ref);
    for (const [name, data] of handle.presenceData) {
      const channel = handle.channels.get(name);
      if (!channel) continue;
      if (!target.presence) throw unsupported(target.provider, 'presence');
      await target.presence.enter(channel.ref, data);
    }
    if (handle.isClosed()) throw new RealtimeError('CLOSED', 'Subscriber closed during the provider switch');
  } catch (error) {
    await next?.close().catch(noop);
    const failure = RealtimeError.isInstance(error)
      ? error
      : new RealtimeError('PROVIDER_UNAVAILABLE', `Could not move to ${to}`, { cause: error, provider: to });
    handle.report({ from, to, trigger, durationMs: Date.now() - started, error: failure });
    return;
  }
  const previous = handle.swap(next, discovery);
  handle.report({ from, to, trigger, durationMs: Date.now() - started });
  // The announcement channel comes last: a second announcement must reach the new connection.
  handle.attachControl(next).catch(noop);
  setTimeout(() => {
    handle.retire(previous);
    previous.close().catch(noop);
  }, DRAIN_MS);
}
