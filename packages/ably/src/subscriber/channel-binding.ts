/**
 * One Ably channel bound to core's sink: messages (flagged `recovered` when they are the backlog Ably
 * replays after a resumed re-attach or a rewind), presence events, a gap whenever Ably re-attaches
 * without the RESUMED flag, and errors after attach (capability revoked, channel failed).
 */
import type { ChannelSink, PresenceTransportEvent } from '@switchboard/core/adapter';
import type * as Ably from 'ably';
import { fromAblyMessage } from '../envelope-mapping.js';
import { toRealtimeError } from '../errors.js';
import { type AblyClockLag, BacklogBoundary } from './backlog-boundary.js';

/** What the binding needs to know about the connection around a re-attach. */
export interface ConnectionHistory {
  /** When the connection last stopped being connected. */
  lostAt: number | undefined;
  /** The last reconnect could not resume the connection (new connection id; Ably 80008/80018): continuity is gone. */
  resumeFailed: boolean;
  /** Ably's clock as this connection sees it, shared by its channels. */
  clock: AblyClockLag;
}

const PRESENCE_ACTIONS: Partial<Record<string, PresenceTransportEvent['action']>> = {
  enter: 'enter',
  present: 'enter',
  update: 'update',
  leave: 'leave',
};

export class ChannelBinding {
  private attachedOnce = false;
  private readonly backlog: BacklogBoundary;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    readonly channel: Ably.RealtimeChannel,
    private readonly sink: ChannelSink,
    private readonly connection: ConnectionHistory,
    private readonly withPresence: boolean,
  ) {
    this.backlog = new BacklogBoundary(connection.clock);
  }

  async attach(): Promise<void> {
    const { channel, sink } = this;
    const onMessage = (message: Ably.InboundMessage) => {
      sink.message({ envelope: fromAblyMessage(message), recovered: this.backlog.isReplay(message.timestamp) });
    };
    const onAttached = (change: Ably.ChannelStateChange) => this.reattached(change);
    const onUpdate = (change: Ably.ChannelStateChange) => {
      if (!change.resumed) this.reattached(change);
    };
    const onFailed = (change: Ably.ChannelStateChange) =>
      sink.error(toRealtimeError(change.reason, `Ably channel "${channel.name}" failed`));
    channel.on('attached', onAttached);
    channel.on('update', onUpdate);
    channel.on('failed', onFailed);
    this.cleanups.push(() => {
      channel.unsubscribe(onMessage);
      channel.off('attached', onAttached);
      channel.off('update', onUpdate);
      channel.off('failed', onFailed);
    });
    try {
      await channel.subscribe(onMessage);
      if (this.withPresence) {
        const onPresence = (message: Ably.PresenceMessage) => {
          const action = PRESENCE_ACTIONS[message.action];
          if (!action || !message.clientId) return;
          sink.presence({ action, member: { userId: message.clientId, connectionId: message.connectionId, data: message.data } });
        };
        await channel.presence.subscribe(onPresence);
        this.cleanups.push(() => channel.presence.unsubscribe(onPresence));
      }
    } catch (error) {
      this.release();
      throw toRealtimeError(error, `Subscribing to "${channel.name}" was refused`);
    }
  }

  /** Removes the listeners; the caller detaches the channel. */
  release(): void {
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private reattached(change: Ably.ChannelStateChange): void {
    const first = !this.attachedOnce;
    this.attachedOnce = true;
    // HAS_BACKLOG: a replay follows, of a resume that missed something or of a rewind (RTL2i, TH6).
    if (change.hasBacklog) this.backlog.opened();
    else this.backlog.closed();
    if (first || change.resumed) return;
    this.sink.gap({
      reason: this.connection.resumeFailed ? 'recovery-failed' : 'reconnected-without-recovery',
      since: this.connection.lostAt,
    });
  }
}
