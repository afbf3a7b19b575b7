/**
 * One Ably channel bound to core's sink: messages (flagged `recovered` when they are the backlog Ably
 * replays after a resumed re-attach or a rewind), presence events, a gap whenever Ably re-attaches
 * without the RESUMED flag, and errors after attach (capability revoked, channel failed).
 */
import { type ChannelSink, loadChunk } from '@switchboard/core/adapter';
import type * as Ably from 'ably';
import { fromAblyMessage } from '../envelope-mapping.js';
import { PROVIDER, toRealtimeError } from '../errors.js';
import { type AblyClockLag, createBacklogBoundary } from './backlog-boundary.js';

/** What the binding needs to know about the connection around a re-attach. */
export interface ConnectionHistory {
  /** When the connection last stopped being connected. */
  lostAt: number | undefined;
  /** The last reconnect could not resume the connection (new connection id; Ably 80008/80018): continuity is gone. */
  resumeFailed: boolean;
  /** Ably's clock as this connection sees it, shared by its channels. */
  clock: AblyClockLag;
}

/** One channel bound to its sink; see {@link bindChannel}. */
export interface ChannelBinding {
  /** The Ably channel. */
  readonly channel: Ably.RealtimeChannel;
  /** Subscribes to messages (and presence); rejects with the refusal. */
  attach(): Promise<void>;
  /** Removes the listeners; the caller detaches the channel. */
  release(): void;
}

export function bindChannel(
  channel: Ably.RealtimeChannel,
  sink: ChannelSink,
  connection: ConnectionHistory,
  withPresence: boolean,
  auth: { readonly clientId: string | null | undefined },
): ChannelBinding {
  let attachedOnce = false;
  const backlog = createBacklogBoundary(connection.clock);
  const cleanups: Array<() => void> = [];
  const release = () => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  };

  const reattached = (change: Ably.ChannelStateChange) => {
    const first = !attachedOnce;
    attachedOnce = true;
    // HAS_BACKLOG: a replay follows, of a resume that missed something or of a rewind (RTL2i, TH6).
    if (change.hasBacklog) backlog.opened();
    else backlog.closed();
    if (first || change.resumed) return;
    sink.gap({ reason: connection.resumeFailed ? 'recovery-failed' : 'reconnected-without-recovery', since: connection.lostAt });
  };

  return {
    channel,
    release,
    async attach() {
      const onMessage = (message: Ably.InboundMessage) => {
        // `excludeUserId`: Ably delivers it to everyone; the excluded user's own pages drop it here
        // (the header is EXCLUDE_USER_HEADER, spelt out: a few bytes less in every Ably page).
        if (message.extras?.headers?.['switchboard-exclude-user'] === (auth.clientId ?? 0)) return;
        sink.message({ envelope: fromAblyMessage(message), recovered: backlog.isReplay(message.timestamp) });
      };
      const onUpdate = (change: Ably.ChannelStateChange) => {
        if (!change.resumed) reattached(change);
      };
      const onFailed = (change: Ably.ChannelStateChange) =>
        sink.error(toRealtimeError(change.reason, `Ably channel "${channel.name}" failed`));
      channel.on('attached', reattached);
      channel.on('update', onUpdate);
      channel.on('failed', onFailed);
      cleanups.push(() => {
        channel.unsubscribe(onMessage);
        channel.off('attached', reattached);
        channel.off('update', onUpdate);
        channel.off('failed', onFailed);
      });
      // Loaded with the first presence channel (`presence-events.ts`), while the channel attaches.
      const presenceEvents = withPresence ? loadChunk(() => import('./presence-events.js'), 'presence-events.js', PROVIDER) : undefined;
      presenceEvents?.catch(() => {});
      try {
        await channel.subscribe(onMessage);
        if (presenceEvents) {
          const onPresence = (await presenceEvents).presenceListener(sink);
          await channel.presence.subscribe(onPresence);
          cleanups.push(() => channel.presence.unsubscribe(onPresence));
        }
      } catch (error) {
        release();
        // The transport restates it as the refusal of the logical channel, keeping only the reason.
        throw toRealtimeError(error, 'Subscribing was refused');
      }
    },
  };
}
