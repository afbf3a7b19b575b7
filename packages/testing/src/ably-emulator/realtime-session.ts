/**
 * One realtime connection as the server keeps it. The state (attached channels, presence, clientId)
 * outlives the socket for `connectionStateTtl`, so a client can resume it; the socket is swapped in
 * and out. Token expiry and server-requested re-auth are timed here.
 */
import { randomBytes } from 'node:crypto';
import type WebSocket from 'ws';
import type { AblyError } from './ably-error.js';
import { errors } from './ably-error.js';
import type { ChannelState, ChannelStore, ChannelSubscriber, StoredMessage } from './channel-store.js';
import type { Credential, CredentialStore } from './credentials.js';
import { Action, Mode, type ProtocolMessage, type WirePresenceMessage } from './protocol.js';

export interface RealtimeSettings {
  /**
   * Largest message in bytes, as Ably's default.
   * @default 65536
   */
  maxMessageSize: number;
  /**
   * How long a dropped connection can resume with its messages.
   * @default 120000
   */
  connectionStateTtlMs: number;
  /**
   * Heartbeat interval the server announces.
   * @default 15000
   */
  maxIdleIntervalMs: number;
  /** How long a dropped connection's presence members stay before the server makes them leave. */
  presenceGraceMs: number;
  /** How long before a token expires the server sends AUTH to ask for a new one. */
  reauthLeadMs: number;
}

export interface SessionContext {
  credentials: CredentialStore;
  channels: ChannelStore;
  settings: RealtimeSettings;
  latencyMs(): number;
  /** Forgets a session (closed, or its state TTL ran out). */
  forget(session: RealtimeSession): void;
}

let nextConnection = 0;

export class RealtimeSession implements ChannelSubscriber {
  readonly connectionId = `emu${(++nextConnection).toString(36)}${randomBytes(4).toString('hex')}`;
  readonly connectionKey = `${this.connectionId}!${randomBytes(8).toString('hex')}`;
  /** Channels this connection is attached to, with the granted mode bits. */
  readonly attachments = new Map<string, number>();
  /**
   * Attached channels the client has not re-attached since its socket was lost. A resumed client
   * re-attaches every channel with its channelSerial (RTL3d, RTL4c1) and, until ATTACHED, discards
   * MESSAGEs (RTL17) while still advancing its channelSerial past them (RTL15b); delivering live
   * messages on such a channel would make the next resume skip them. So they wait for the ATTACH,
   * whose replay from the client's channelSerial covers them.
   */
  private readonly awaitingReattach = new Set<string>();
  socket: WebSocket | undefined;
  disconnectedAt: number | undefined;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly context: SessionContext,
    public credential: Credential,
    readonly clientId: string | undefined,
    readonly echo: boolean,
  ) {}

  /** Puts a (new) socket under this session and announces the connection. */
  bind(socket: WebSocket, error?: AblyError): void {
    if (this.socket && this.socket !== socket) this.socket.terminate();
    this.socket = socket;
    this.disconnectedAt = undefined;
    this.clearTimer('presence-leave');
    this.clearTimer('forget');
    this.send(this.connectedMessage(error));
    const heartbeat = setInterval(() => this.send({ action: Action.HEARTBEAT }), Math.max(50, this.context.settings.maxIdleIntervalMs / 3));
    socket.once('close', () => {
      clearInterval(heartbeat);
      if (this.socket === socket) this.socketLost();
    });
    this.armTokenTimers();
  }

  connectedMessage(error?: AblyError): ProtocolMessage {
    const { settings } = this.context;
    return {
      action: Action.CONNECTED,
      connectionId: this.connectionId,
      ...(error ? { error: error.toWire() } : {}),
      connectionDetails: {
        clientId: this.clientId,
        connectionKey: this.connectionKey,
        maxMessageSize: settings.maxMessageSize,
        maxInboundRate: 250,
        maxOutboundRate: 250,
        maxFrameSize: 262_144,
        connectionStateTtl: settings.connectionStateTtlMs,
        maxIdleInterval: settings.maxIdleIntervalMs,
        serverId: 'switchboard-ably-emulator',
      },
    };
  }

  send(message: ProtocolMessage): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== socket.OPEN) return;
    const frame = JSON.stringify(message);
    const latency = this.context.latencyMs();
    if (latency > 0) setTimeout(() => socket.readyState === socket.OPEN && socket.send(frame), latency);
    else socket.send(frame);
  }

  /** Sends an error that ends this transport, then closes the socket; state stays for resume. */
  disconnect(error: AblyError): void {
    const socket = this.socket;
    this.send({ action: Action.DISCONNECTED, error: error.toWire() });
    socket?.close();
  }

  deliverMessages(channel: ChannelState, messages: StoredMessage[]): void {
    const modes = this.attachments.get(channel.name);
    if (modes === undefined || !(modes & Mode.SUBSCRIBE) || this.awaitingReattach.has(channel.name)) return;
    const visible = this.echo ? messages : messages.filter((message) => message.connectionId !== this.connectionId);
    const last = visible[visible.length - 1];
    if (!last) return;
    this.send({
      action: Action.MESSAGE,
      channel: channel.name,
      channelSerial: channel.serial(last.sequence),
      timestamp: last.timestamp,
      messages: visible.map(({ sequence, ...message }) => message),
    });
  }

  deliverPresence(channel: ChannelState, presence: WirePresenceMessage[], channelSerial: string): void {
    const modes = this.attachments.get(channel.name);
    if (modes === undefined || !(modes & Mode.PRESENCE_SUBSCRIBE) || this.awaitingReattach.has(channel.name)) return;
    this.send({ action: Action.PRESENCE, channel: channel.name, channelSerial, presence });
  }

  /** Replaces the credential (AUTH or resume with a new token) and re-arms the expiry timers. */
  applyCredential(credential: Credential): void {
    this.credential = credential;
    this.armTokenTimers();
  }

  /** The client (re-)attached the channel on this socket: live delivery may go on. */
  attached(name: string, modes: number): void {
    this.attachments.set(name, modes);
    this.awaitingReattach.delete(name);
  }

  /** The channel is no longer this connection's: stop delivery and make its members leave. */
  leaveChannel(name: string): void {
    this.attachments.delete(name);
    this.awaitingReattach.delete(name);
    const channel = this.context.channels.get(name);
    channel.subscribers.delete(this);
    for (const member of [...channel.presence.values()]) {
      if (member.connectionId === this.connectionId)
        this.context.channels.presence(name, 3, { ...member, timestamp: Date.now() }, { synthetic: true });
    }
  }

  /** Ends the session for good: CLOSE from the client, TTL elapsed, or state dropped by a fault hook. */
  end(graceful = false): void {
    for (const name of [...this.attachments.keys()]) this.leaveChannel(name);
    for (const name of [...this.timers.keys()]) this.clearTimer(name);
    if (graceful) this.socket?.close();
    else this.socket?.terminate();
    this.socket = undefined;
    this.context.forget(this);
  }

  private socketLost(): void {
    this.socket = undefined;
    this.disconnectedAt = Date.now();
    for (const name of this.attachments.keys()) this.awaitingReattach.add(name);
    this.clearTimer('token-expiry');
    this.clearTimer('reauth');
    const { settings } = this.context;
    this.setTimer('presence-leave', Math.min(settings.presenceGraceMs, settings.connectionStateTtlMs), () => {
      for (const { channel, member } of this.context.channels.membersOf(this.connectionId)) {
        this.context.channels.presence(channel, 3, { ...member, timestamp: Date.now() }, { synthetic: true });
      }
    });
    this.setTimer('forget', settings.connectionStateTtlMs, () => this.end());
  }

  private armTokenTimers(): void {
    this.clearTimer('token-expiry');
    this.clearTimer('reauth');
    const token = this.credential.token;
    if (!token || !this.socket) return;
    const remaining = token.expires - this.context.channels.clock();
    this.setTimer('token-expiry', remaining, () => this.disconnect(errors.tokenExpired()));
    const lead = remaining - this.context.settings.reauthLeadMs;
    if (lead > 0) this.setTimer('reauth', lead, () => this.send({ action: Action.AUTH }));
  }

  private setTimer(name: string, delay: number, run: () => void): void {
    this.clearTimer(name);
    const timer = setTimeout(
      () => {
        this.timers.delete(name);
        run();
      },
      Math.max(0, delay),
    );
    timer.unref?.();
    this.timers.set(name, timer);
  }

  private clearTimer(name: string): void {
    const timer = this.timers.get(name);
    if (timer) clearTimeout(timer);
    this.timers.delete(name);
  }
}
