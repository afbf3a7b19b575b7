/** The publisher's public types: what backends call and what they get back. */
import type { AdapterDescription } from '../capabilities.js';
import type { ChannelRef, EventInput, EventName, EventSchemas } from '../channel.js';
import type { PublisherStats } from '../health/provider-stats.js';
import type { PublishHealthOptions } from '../health/publish-health.js';
import type { HistoryPage, HistoryQuery } from '../history/history-query.js';
import type { HistoryStore } from '../history/history-store.js';
import type { PublisherOutbox } from '../outbox/outbox.js';
import type { RetryPolicy } from '../retry.js';
import type { PublishObserver } from '../telemetry/publish-observer.js';
import type { HealthReport } from '../transport.js';
import type { UserEventsDefinition, UserStreamRef } from '../user-events.js';
import type { ValidationPolicy } from '../validation-policy.js';
import type { ServerPresenceMemberOf } from './server-presence.js';

/** Options of one {@link RealtimePublisher.publish}. */
export interface PublishOptions {
  /** Message id; give one to make a retried call idempotent across processes. Generated when absent. */
  id?: string;
  /** Connection id of the subscriber that must not receive this message ("to others"). */
  excludeConnectionId?: string | undefined;
  /**
   * User id whose every connection must not receive this message (the user who caused it, on all
   * their devices). The memory hub and the Socket.IO hub leave that user's connections out (across
   * every hub behind Redis); on Pusher and Ably the message reaches them and their subscriber drops
   * it once it knows it is signed in as that user — see docs/users-and-client-events.md. Needs the
   * `exclusion` capability.
   */
  excludeUserId?: string | number | undefined;
  /** Overrides the publisher's retry policy: a policy, a preset (`'serverless'`), or `false` to send once. */
  retry?: RetryPolicy;
  /** Aborts the publish and its retries. */
  signal?: AbortSignal;
}

/** What a successful publish returns. */
export interface PublishResult {
  /** The message id; the same on every retry, and what subscribers see as `meta.id`. */
  id: string;
}

/** One entry of {@link RealtimePublisher.publishMany}. */
export interface BatchEntry<TRef extends ChannelRef = ChannelRef, TEvent extends EventName<TRef> = EventName<TRef>> {
  /** The channel to publish on. */
  channel: TRef;
  /** The event name. */
  event: TEvent;
  /** The payload, validated against the event's schema. */
  data: EventInput<TRef, TEvent>;
  /** Message id, for idempotency across processes. Generated when absent. */
  id?: string;
  /** Connection id of the subscriber that must not receive it. */
  excludeConnectionId?: string;
  /** User id whose connections must not receive it; see {@link PublishOptions.excludeUserId}. */
  excludeUserId?: string | number;
}

/** Server-side view of a presence channel, typed from its presence schema. */
export interface ServerPresence<TRef extends ChannelRef = ChannelRef> {
  /** Everyone present, one entry per user; see {@link RealtimePublisher.members}. */
  members(): Promise<ServerPresenceMemberOf<TRef>[]>;
  /** Whether the user has at least one connection on the channel. */
  isPresent(userId: string): Promise<boolean>;
}

/** Publishes events from a backend. Create with {@link createPublisher}. */
export interface RealtimePublisher {
  /** Publishes one event; resolves once the provider accepted it. Same `id` on every retry. */
  publish<TRef extends ChannelRef, TEvent extends EventName<TRef>>(
    channel: TRef,
    event: TEvent,
    data: EventInput<TRef, TEvent>,
    options?: PublishOptions,
  ): Promise<PublishResult>;
  /**
   * Sends an event of a user-event catalog ({@link defineUserEvents}) to one user: every device
   * where that user subscribed to their stream receives it, no one else can. Validated like any
   * publish; same options (an `excludeConnectionId` skips the device that caused it) except
   * `excludeUserId`, which would exclude the stream's only reader.
   */
  publishToUser<TEvents extends EventSchemas, TEvent extends EventName<UserStreamRef<TEvents>>>(
    users: UserEventsDefinition<TEvents>,
    userId: string | number,
    event: TEvent,
    data: EventInput<UserStreamRef<TEvents>, TEvent>,
    options?: Omit<PublishOptions, 'excludeUserId'>,
  ): Promise<PublishResult>;
  /**
   * {@link publishToUser} to many users at once, in as few provider requests as its limits allow.
   * `excludeUserId` leaves that user out of `userIds` on the server (nothing is sent to them, on
   * every provider); the results are one per user sent to, in the order of `userIds`.
   */
  publishToUsers<TEvents extends EventSchemas, TEvent extends EventName<UserStreamRef<TEvents>>>(
    users: UserEventsDefinition<TEvents>,
    userIds: ReadonlyArray<string | number>,
    event: TEvent,
    data: EventInput<UserStreamRef<TEvents>, TEvent>,
    options?: Pick<PublishOptions, 'retry' | 'signal' | 'excludeUserId'>,
  ): Promise<PublishResult[]>;
  /** Publishes many events in as few provider requests as its limits allow. Validates all first. */
  publishMany(entries: ReadonlyArray<BatchEntry>, options?: Pick<PublishOptions, 'retry' | 'signal'>): Promise<PublishResult[]>;
  /** Server-side presence query. Fails with UNSUPPORTED where the provider has none. */
  presence<TRef extends ChannelRef>(channel: TRef): ServerPresence<TRef>;
  /**
   * Everyone present on a presence channel, one entry per user, with `data` typed from the channel's
   * presence schema and checked against it (members whose data it refuses are left out). Narrow on
   * `source`: `provider` and `recorded` members carry their data; `ids-only` members (Pusher, whose
   * HTTP API lists ids only, without a shared `presenceRecord`) carry none.
   * Fails with UNSUPPORTED where the provider has no server-side presence, INVALID_CHANNEL on a
   * channel that is not a presence channel.
   */
  members<TRef extends ChannelRef>(channel: TRef): Promise<ServerPresenceMemberOf<TRef>[]>;
  /**
   * `healthy`, `degraded` or `unhealthy` with its reasons: the provider's own check (reachable,
   * Redis up) plus what the publisher sees (retrying, failing publishes, outbox backlog). Never throws.
   */
  health(): Promise<HealthReport>;
  /** Connections, channels and presence members where the provider can tell; message rates always. */
  stats(): Promise<PublisherStats>;
  /** Loads the adapter if needed and reports its provider, capabilities and limits. */
  describe(): Promise<AdapterDescription>;
  /**
   * With an outbox: sends now what this publisher kept after failures and what crashed publishers
   * left behind; resolves with how many messages were delivered. Also runs every
   * `outbox.recoverIntervalMs` once the publisher is used. Present on publishers built by core.
   */
  recoverOutbox?(): Promise<number>;
  /**
   * Reads a page of the channel's history from the `history` store, typed from its event schemas;
   * pass the page's `next` to read on. Fails with CONFIG without a store.
   */
  history<TRef extends ChannelRef>(channel: TRef, query?: HistoryQuery): Promise<HistoryPage<TRef>>;
  /** Releases connections. Safe to call twice. */
  close(): Promise<void>;
}

/** Options every publisher accepts, whatever the provider. */
export interface PublisherCoreOptions {
  /**
   * Default retry policy of every publish: a policy, a preset (`'serverless'` for short function
   * deadlines: gives up within 2.5 s), or `false` to send once. The default rides out an outage of
   * 7.5 s and gives up after 15 s of waiting (see `DEFAULT_RETRY`).
   * @default { attempts: 12, baseDelayMs: 100, maxDelayMs: 2000, deadlineMs: 20000 }
   */
  retry?: RetryPolicy;
  /**
   * Where payloads are validated against the channel's schemas: this publisher validates before
   * sending under `'both'` and `'publish'`, and skips it under `'receive'` and `false` (trusted,
   * already validated data). `true` means the default. See {@link ValidationPolicy}.
   * @default 'both'
   */
  validate?: ValidationPolicy | boolean;
  /**
   * Durable outbox (`redisOutbox` from `@switchboard/core/outbox`): every message is recorded
   * before its first attempt and removed once the provider accepted it. A message whose retries
   * ran out stays and is sent again later (the publish still rejects with the cause); messages a
   * crashed publisher left are sent by the next publisher on the same outbox, with the same ids.
   * @default undefined (no outbox)
   */
  outbox?: PublisherOutbox;
  /**
   * History store (`redisHistory` or `memoryHistory` from `@switchboard/core/history`): every
   * message is appended before it is sent and carries the store's per-channel number as
   * `historySeq`. A store that fails or is slow is reported to its `onError` and the message is sent
   * unnumbered. See docs/history.md.
   * @default undefined (no history)
   */
  history?: HistoryStore;
  /**
   * Thresholds of {@link RealtimePublisher.health}: outbox backlog, how long a failed publish counts.
   * @default { outboxBacklogThreshold: 1000, failureWindowMs: 60000 }
   */
  health?: PublishHealthOptions;
  /**
   * Watches every send (`openTelemetryPublisher()` from `@switchboard/core/telemetry` records spans and
   * metrics and carries trace context in the envelope).
   * @default undefined
   */
  telemetry?: PublishObserver | readonly PublishObserver[];
}
