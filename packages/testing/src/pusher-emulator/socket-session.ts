/**
 * One WebSocket connection speaking Pusher protocol 7: connection_established, ping/pong, subscribe
 * (with signature checks on private and presence channels), unsubscribe and client events.
 */
import { randomInt } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { ChannelRegistry, RegistrySocket } from './channel-registry.js';
import { byteLength, channelKind, channelNameProblem, PUSHER_LIMITS } from './limits.js';
import { channelAuthPayload, hmacHex, safeEqual } from './signatures.js';

export interface SessionContext {
  key: string;
  secret: string;
  registry: ChannelRegistry;
  activityTimeoutSeconds: number;
  /** The app setting "Enable client events". */
  enableClientEvents: boolean;
  now(): number;
}

interface InboundFrame {
  event?: unknown;
  channel?: unknown;
  data?: unknown;
}

const PONG_TIMEOUT_MS = 30_000;

export function createSocketId(): string {
  return `${randomInt(1, 2 ** 31)}.${randomInt(1, 2 ** 31)}`;
}

/** The channel a signed-in user's server-to-user events travel on. */
export const USER_CHANNEL_PREFIX = '#server-to-user-';

export class SocketSession implements RegistrySocket {
  readonly socketId = createSocketId();
  /** The user this connection signed in as (`pusher:signin`), if it did. */
  userId: string | undefined;
  private clientEventTimes: number[] = [];
  private activityTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly socket: WebSocket,
    private readonly context: SessionContext,
  ) {}

  /** Greets the client and starts handling its frames. */
  start(): void {
    this.sendFrame({
      event: 'pusher:connection_established',
      data: { socket_id: this.socketId, activity_timeout: this.context.activityTimeoutSeconds },
    });
    this.socket.on('message', (raw) => this.receive(raw.toString()));
    this.socket.on('close', () => this.stop());
    this.resetActivityTimer();
  }

  sendFrame(frame: { event: string; channel?: string; data: unknown; user_id?: string }): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const data = typeof frame.data === 'string' ? frame.data : JSON.stringify(frame.data);
    this.socket.send(JSON.stringify({ ...frame, data }));
  }

  /** Ends the connection as `terminate_connections` does: `pusher:error` 4009, then close 4009. */
  terminate(): void {
    this.error('You got disconnected by the app.', 4009);
    this.socket.close(4009, 'You got disconnected by the app.');
  }

  private stop(): void {
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.context.registry.removeSocket(this);
  }

  // The server pings a silent client after activity_timeout and closes with 4201 without a pong.
  private resetActivityTimer(): void {
    if (this.activityTimer) clearTimeout(this.activityTimer);
    this.activityTimer = setTimeout(() => {
      this.sendFrame({ event: 'pusher:ping', data: {} });
      this.activityTimer = setTimeout(() => this.socket.close(4201, 'Pong reply not received'), PONG_TIMEOUT_MS);
      this.activityTimer.unref();
    }, this.context.activityTimeoutSeconds * 1000);
    this.activityTimer.unref();
  }

  private error(message: string, code: number | null = null): void {
    this.sendFrame({ event: 'pusher:error', data: { message, code } });
  }

  private receive(text: string): void {
    this.resetActivityTimer();
    let frame: InboundFrame;
    try {
      frame = JSON.parse(text) as InboundFrame;
    } catch {
      this.error('Invalid JSON', 4200);
      return;
    }
    const event = typeof frame.event === 'string' ? frame.event : '';
    const data = typeof frame.data === 'string' ? safeParse(frame.data) : frame.data;
    if (event === 'pusher:ping') this.sendFrame({ event: 'pusher:pong', data: {} });
    else if (event === 'pusher:pong') return;
    else if (event === 'pusher:subscribe') this.subscribe(data as Record<string, unknown> | undefined);
    else if (event === 'pusher:unsubscribe') this.unsubscribe(data as Record<string, unknown> | undefined);
    else if (event === 'pusher:signin') this.signin(data as Record<string, unknown> | undefined);
    else if (event.startsWith('client-')) this.clientEvent(event, frame.channel, frame.data);
  }

  private refuse(channel: string, type: string, error: string, status: number): void {
    this.sendFrame({ event: 'pusher:subscription_error', channel, data: { type, error, status } });
  }

  /**
   * User authentication: `auth` is `key:HMAC(secret, socket_id::user::user_data)` and `user_data`
   * JSON with a string `id`. A bad signature ends the connection with 4009 (unauthorized).
   */
  private signin(data: Record<string, unknown> | undefined): void {
    const userData = data?.user_data;
    const parsed = typeof userData === 'string' ? (safeParse(userData) as { id?: unknown } | undefined) : undefined;
    const id = parsed?.id;
    const auth = data?.auth;
    const expected = typeof userData === 'string' ? hmacHex(this.context.secret, `${this.socketId}::user::${userData}`) : '';
    const signed =
      typeof auth === 'string' && auth.startsWith(`${this.context.key}:`) && safeEqual(auth.slice(this.context.key.length + 1), expected);
    if (!signed || typeof id !== 'string' || id.length === 0 || id.length > PUSHER_LIMITS.maxUserIdLength) {
      this.error('Invalid user authentication: bad signature or user_data without an id', 4009);
      this.socket.close(4009, 'Unauthorized');
      return;
    }
    this.userId = id;
    this.sendFrame({ event: 'pusher:signin_success', data: { user_data: userData } });
  }

  private subscribe(data: Record<string, unknown> | undefined): void {
    const channel = data?.channel;
    if (typeof channel === 'string' && channel.startsWith(USER_CHANNEL_PREFIX)) {
      // Only the signed-in user's own server-to-user channel, and only after signin.
      if (this.userId === undefined || channel !== `${USER_CHANNEL_PREFIX}${this.userId}`) {
        this.refuse(channel, 'AuthError', 'Sign in as this user before subscribing to its channel', 403);
        return;
      }
      this.context.registry.subscribe(this, channel);
      this.sendFrame({ event: 'pusher_internal:subscription_succeeded', channel, data: {} });
      return;
    }
    const problem = channelNameProblem(channel);
    if (problem || typeof channel !== 'string') {
      this.error(problem ?? 'Invalid channel', 4009);
      return;
    }
    if (channel.startsWith('#')) {
      this.refuse(channel, 'AuthError', 'Reserved channel', 403);
      return;
    }
    const kind = channelKind(channel);
    const { registry } = this.context;
    if (kind === 'public') {
      registry.subscribe(this, channel);
      this.sendFrame({ event: 'pusher_internal:subscription_succeeded', channel, data: {} });
      return;
    }
    const channelData = kind === 'presence' ? data?.channel_data : undefined;
    if (kind === 'presence' && typeof channelData !== 'string') {
      this.refuse(channel, 'AuthError', 'Presence subscription needs channel_data', 401);
      return;
    }
    if (!this.authorized(data?.auth, channel, channelData as string | undefined)) {
      this.refuse(channel, 'AuthError', `Invalid signature: expected HMAC of '${channelAuthPayload(this.socketId, channel)}…'`, 401);
      return;
    }
    let member: { userId: string; info: unknown } | undefined;
    if (kind === 'presence') {
      const parsed = safeParse(channelData as string) as { user_id?: unknown; user_info?: unknown } | undefined;
      const userId = typeof parsed?.user_id === 'number' ? String(parsed.user_id) : parsed?.user_id;
      if (typeof userId !== 'string' || userId.length === 0 || userId.length > PUSHER_LIMITS.maxUserIdLength) {
        this.refuse(channel, 'AuthError', 'channel_data needs a user_id of 1–128 characters', 400);
        return;
      }
      if (byteLength(JSON.stringify(parsed?.user_info ?? null)) > PUSHER_LIMITS.maxUserInfoBytes) {
        this.refuse(channel, 'LimitReached', 'user_info is larger than 1 KB', 400);
        return;
      }
      member = { userId, info: parsed?.user_info };
    }
    const outcome = registry.subscribe(this, channel, member);
    if (!outcome.ok) {
      this.refuse(channel, 'LimitReached', outcome.error, outcome.status);
      return;
    }
    this.sendFrame({ event: 'pusher_internal:subscription_succeeded', channel, data: outcome.data });
  }

  private authorized(auth: unknown, channel: string, channelData: string | undefined): boolean {
    if (typeof auth !== 'string') return false;
    const separator = auth.indexOf(':');
    if (separator === -1 || auth.slice(0, separator) !== this.context.key) return false;
    const expected = hmacHex(this.context.secret, channelAuthPayload(this.socketId, channel, channelData));
    return safeEqual(auth.slice(separator + 1), expected);
  }

  private unsubscribe(data: Record<string, unknown> | undefined): void {
    if (typeof data?.channel === 'string') this.context.registry.unsubscribe(this, data.channel);
  }

  private clientEvent(event: string, channel: unknown, data: unknown): void {
    const { registry } = this.context;
    if (!this.context.enableClientEvents) {
      this.error('To send client events, you must enable this feature in the Settings page of your dashboard.', null);
      return;
    }
    if (typeof channel !== 'string' || channelKind(channel) === 'public') {
      this.error('Client events are only allowed on private and presence channels', null);
      return;
    }
    if (!registry.isSubscribed(this, channel)) {
      this.error(`Client event rejected: not subscribed to ${channel}`, null);
      return;
    }
    const now = this.context.now();
    this.clientEventTimes = this.clientEventTimes.filter((time) => now - time < 1000);
    if (this.clientEventTimes.length >= PUSHER_LIMITS.maxClientEventsPerSecond) {
      this.error('Client event rejected - too many messages per second', 4301);
      return;
    }
    this.clientEventTimes.push(now);
    const text = typeof data === 'string' ? data : JSON.stringify(data ?? {});
    if (byteLength(text) > PUSHER_LIMITS.maxDataBytes) {
      this.error('Client event rejected - data larger than 10 KB', null);
      return;
    }
    const userId = registry.userIdOf(this, channel);
    registry.publish(channel, event, text, { excludeSocketId: this.socketId, ...(userId !== undefined ? { userId } : {}) });
    registry.clientEvent({
      name: 'client_event',
      channel,
      event,
      data: text,
      socket_id: this.socketId,
      ...(userId !== undefined ? { user_id: userId } : {}),
    });
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
