import { RealtimeError } from './errors.js';
import type { HistoryRetention } from './history/retention.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/** Who may subscribe: anyone, an authorized user, or an authorized user who is also listed as present. */
export type ChannelAccess = 'public' | 'private' | 'presence';

/** Event names mapped to Standard Schema validators. */
export type EventSchemas = Record<string, StandardSchemaV1>;

/** The authenticated user an access rule and presence see. Identity always comes from the server. */
export interface AuthUser {
  /** Stable user id; becomes the presence member id and the Ably clientId. */
  id: string;
  /** Public profile shown to other presence members (name, avatar). */
  info?: Record<string, unknown> | undefined;
}

/** The answer of an access rule: a boolean, or a denial with a reason the subscriber sees. */
export type AccessDecision =
  | boolean
  | {
      /** Whether the user may subscribe. */
      allowed: boolean;
      /** Why not, in words the subscriber sees. */
      reason?: string;
    };

/** `(user, params) → allowed`, sync or async. */
export type AccessRule<TParams = Record<string, string>> = (user: AuthUser, params: TParams) => AccessDecision | Promise<AccessDecision>;

type ParamNames<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | ParamNames<Rest> : never;

/** The params object a template needs: `'progress:user:{userId}'` → `{ userId: string | number }`. */
export type ChannelParams<TTemplate extends string> = [ParamNames<TTemplate>] extends [never]
  ? Record<string, never>
  : { [K in ParamNames<TTemplate>]: string | number };

/** Params as parsed back from a logical name: always strings. */
export type ParsedParams<TTemplate extends string> = { [K in ParamNames<TTemplate>]: string };

/** The second argument of {@link defineChannel}. */
export interface ChannelOptions<
  TEvents extends EventSchemas,
  TAccess extends ChannelAccess,
  TParams,
  TPresence extends StandardSchemaV1 | undefined,
  TClientEvents extends EventSchemas = NoClientEvents,
> {
  /** `public`, `private` or `presence`. */
  access: TAccess;
  /** Event name → Standard Schema validator of its payload; may be empty (`{}`) when the channel declares `clientEvents`. */
  events: TEvents;
  /** Validator of a presence member's data (`enter`/`update`). */
  presence?: TPresence;
  /**
   * Client events ("whispers": typing indicators, cursors): event name → Standard Schema of what
   * one member sends straight to the others with `whisper`, without a server round trip. Only on
   * `private` and `presence` channels (a public one is refused with `CONFIG` where the server meets
   * it); receivers validate every one and learn its sender from the provider, never from the data.
   * See docs/users-and-client-events.md.
   * @default undefined (members cannot send client events)
   */
  clientEvents?: TClientEvents;
  /**
   * The default access rule, used when the app's rules name none for this channel.
   * Channels with no rule at all are refused (default deny), except `public` ones.
   *
   * @deprecated A definition is shared with browsers, so a rule here — and whatever it imports —
   * ships in every bundle of the contract. Attach rules on the server instead, with
   * `allow(channel, rule)` from `@switchboard/core/server` passed to `createAuthHandler({ rules })`
   * and the hub (docs/migrations/entry-points.md).
   */
  authorize?: AccessRule<TParams>;
  /**
   * How much of the channel's history a history store keeps (`history` publisher option): the
   * oldest messages go once either limit is passed. `false`: the channel keeps no history (typing
   * indicators, cursors): its messages are sent unnumbered and never read back. Checked on the
   * server, where a history store first meets the channel (`CONFIG` naming it), so browsers do not
   * carry the check.
   * @default { maxMessages: 1000, maxAgeMs: 86_400_000 } (the store's defaults)
   */
  history?: HistoryRetention | false;
  /** Human description, shown in docs and errors. */
  description?: string;
}

/** A channel family declared once and shared by backend and frontend. Call it with params. */
export interface ChannelDefinition<
  TTemplate extends string = string,
  TEvents extends EventSchemas = EventSchemas,
  TAccess extends ChannelAccess = ChannelAccess,
  TPresence extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined,
  TClientEvents extends EventSchemas = NoClientEvents,
> {
  (params: ChannelParams<TTemplate>): ChannelRef<ChannelDefinition<TTemplate, TEvents, TAccess, TPresence, TClientEvents>>;
  /** Brand that tells a definition from any other function. */
  readonly kind: 'switchboard.channel';
  /** The template it was defined with, e.g. `progress:user:{userId}`. */
  readonly template: TTemplate;
  /** `public`, `private` or `presence`. */
  readonly access: TAccess;
  /** Event name → Standard Schema validator of its payload. */
  readonly events: TEvents;
  /** Validator of presence member data, when the channel declares one. */
  readonly presence: TPresence;
  /** Client event name → Standard Schema validator, when the channel declares client events. */
  readonly clientEvents: TClientEvents | undefined;
  /** The default access rule, used when the app's rules name none. */
  readonly authorize: AccessRule<ParsedParams<TTemplate>> | undefined;
  /** The history retention it declares, `false` for none at all, `undefined` for the store's defaults. */
  readonly history: HistoryRetention | false | undefined;
  /** Human description, shown in docs and errors. */
  readonly description: string | undefined;
  /** The template's params, in order. */
  readonly paramNames: readonly string[];
}

/** Any channel definition, whatever its template, events, access and presence schema. */
// biome-ignore lint/suspicious/noExplicitAny: the widest definition type, used as a constraint
export type AnyChannelDefinition = ChannelDefinition<string, EventSchemas, ChannelAccess, any, any>;

/** One concrete channel: a definition plus params, with its portable logical name. */
export interface ChannelRef<TDefinition extends AnyChannelDefinition = AnyChannelDefinition> {
  /** The portable logical name, e.g. `progress:user:42`. */
  readonly name: string;
  /** The definition this channel belongs to. */
  readonly definition: TDefinition;
  /** The params, as strings. */
  readonly params: Readonly<Record<string, string>>;
}

/** The client events of a channel that declares none. */
export type NoClientEvents = Record<never, StandardSchemaV1>;

/** The event schemas of a channel. */
export type EventsOf<TRef extends ChannelRef> = TRef['definition']['events'];
/** The event names of a channel. */
export type EventName<TRef extends ChannelRef> = keyof EventsOf<TRef> & string;
/** What `publish` accepts for an event: the schema's input type. */
export type EventInput<TRef extends ChannelRef, TEvent extends EventName<TRef>> = StandardSchemaV1.InferInput<EventsOf<TRef>[TEvent]>;
/** What a handler receives for an event: the schema's output type. */
export type EventData<TRef extends ChannelRef, TEvent extends EventName<TRef>> = StandardSchemaV1.InferOutput<EventsOf<TRef>[TEvent]>;
/** The client event schemas of a channel (`clientEvents`). */
export type ClientEventsOf<TRef extends ChannelRef> = NonNullable<TRef['definition']['clientEvents']>;
/** The client event names of a channel. */
export type ClientEventName<TRef extends ChannelRef> = keyof ClientEventsOf<TRef> & string;
/** What `whisper` accepts for a client event: the schema's input type. */
export type ClientEventInput<TRef extends ChannelRef, TEvent extends ClientEventName<TRef>> = StandardSchemaV1.InferInput<
  ClientEventsOf<TRef>[TEvent]
>;
/** What a whisper listener receives for a client event: the schema's output type. */
export type ClientEventData<TRef extends ChannelRef, TEvent extends ClientEventName<TRef>> = StandardSchemaV1.InferOutput<
  ClientEventsOf<TRef>[TEvent]
>;
/** The presence member data of a channel: its presence schema's output, or a plain record. */
export type PresenceDataOf<TRef extends ChannelRef> = TRef['definition']['presence'] extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<TRef['definition']['presence']>
  : Record<string, unknown> | undefined;

/** The separator between the parts of a logical name; never allowed inside a param value. */
export const CHANNEL_SEPARATOR = ':';
/** Characters a param value may use. */
export const PARAM_VALUE_PATTERN = /^[A-Za-z0-9_\-.@=+~]{1,128}$/;
/** {@link PARAM_VALUE_PATTERN} as a capturing group, for matching whole names. */
export const PARAM_VALUE_SOURCE = '([A-Za-z0-9_\\-.@=+~]{1,128})';
const LITERAL_PATTERN = /^[A-Za-z0-9_\-.:@=]*$/;
const PARAM_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Longest logical channel name. */
export const MAX_CHANNEL_NAME_LENGTH = 256;

/** One literal run of a template and the param after it, if any. */
export interface TemplatePart {
  literal: string;
  param?: string;
}

/**
 * Splits and checks a template. Every contract ships this to browsers, so a bad template gets one
 * INVALID_CHANNEL message naming it and stating the rules, not a reason per rule.
 */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  // Literal runs and param names alternate: [literal, param, literal, param, …, literal].
  const pieces = typeof template === 'string' && template ? template.split(/\{([^{}]*)\}/) : [];
  let valid = pieces.length > 0;
  for (let index = 0; index < pieces.length; index += 2) {
    const literal = pieces[index] as string;
    const param = pieces[index + 1];
    valid &&=
      LITERAL_PATTERN.test(literal) &&
      (param === undefined ||
        (PARAM_NAME_PATTERN.test(param) &&
          !parts.some((part) => part.param === param) &&
          (parts.length === 0 || literal.includes(CHANNEL_SEPARATOR))));
    parts.push(param === undefined ? { literal } : { literal, param });
  }
  if (!valid) {
    throw new RealtimeError(
      'INVALID_CHANNEL',
      `Invalid channel template ${JSON.stringify(template)}: [A-Za-z0-9_-.:@=] and {param} names, each once, "${CHANNEL_SEPARATOR}" between params`,
      { details: { template } },
    );
  }
  return parts;
}

/**
 * Declares a channel family. The template's `{params}` become a typed params object.
 *
 * @example
 * const progress = defineChannel('progress:user:{userId}', {
 *   access: 'private',
 *   events: { 'lesson:updated': lessonSchema },
 *   authorize: (user, { userId }) => user.id === userId,
 * });
 * publisher.publish(progress({ userId: 42 }), 'lesson:updated', lesson);
 */
export function defineChannel<
  const TTemplate extends string,
  const TEvents extends EventSchemas,
  const TAccess extends ChannelAccess,
  TPresence extends StandardSchemaV1 | undefined = undefined,
  const TClientEvents extends EventSchemas = NoClientEvents,
>(
  template: TTemplate,
  options: ChannelOptions<TEvents, TAccess, ParsedParams<TTemplate>, TPresence, TClientEvents>,
): ChannelDefinition<TTemplate, TEvents, TAccess, TPresence, TClientEvents> {
  const parts = parseTemplate(template);
  if (!['public', 'private', 'presence'].includes(options.access)) {
    throw new RealtimeError('CONFIG', `Channel "${template}": access must be public, private or presence`);
  }
  const eventNames = Object.keys(options.events ?? {});
  // A channel of client events alone (who is typing) needs no server event.
  if (!(eventNames.length || options.clientEvents)) {
    throw new RealtimeError('CONFIG', `Channel "${template}" declares no events`);
  }
  for (const name of eventNames) assertEventName(name);
  const paramNames = parts.flatMap((part) => (part.param ? [part.param] : []));

  const definition = ((params: Record<string, string | number> = {}) => {
    const given = Object.keys(params ?? {});
    const missing = paramNames.filter((name) => !given.includes(name));
    const extra = given.filter((name) => !paramNames.includes(name));
    if (missing.length + extra.length > 0) {
      throw new RealtimeError('INVALID_CHANNEL', `Channel "${template}" params: missing {${missing}}, unknown {${extra}}`, {
        details: { template, missing, extra },
      });
    }
    const values: Record<string, string> = {};
    for (const name of paramNames) {
      const value = String(params[name]);
      if (!PARAM_VALUE_PATTERN.test(value)) {
        throw new RealtimeError(
          'INVALID_CHANNEL',
          `Channel "${template}": param ${name}=${JSON.stringify(value)} must be 1–128 characters of [A-Za-z0-9_-.@=+~] (no "${CHANNEL_SEPARATOR}")`,
          { details: { template, param: name } },
        );
      }
      values[name] = value;
    }
    const name = parts.map((part) => part.literal + (part.param ? values[part.param] : '')).join('');
    if (name.length > MAX_CHANNEL_NAME_LENGTH) {
      throw new RealtimeError('INVALID_CHANNEL', `Channel name "${name.slice(0, 40)}…" is longer than ${MAX_CHANNEL_NAME_LENGTH}`);
    }
    return Object.freeze({ name, definition, params: Object.freeze(values) });
  }) as unknown as ChannelDefinition<TTemplate, TEvents, TAccess, TPresence, TClientEvents>;

  Object.defineProperties(definition, {
    kind: { value: 'switchboard.channel' },
    template: { value: template },
    access: { value: options.access },
    events: { value: options.events },
    presence: { value: options.presence },
    // Checked where the server meets the definition (`assertClientEvents`), so browsers carry no check.
    clientEvents: { value: options.clientEvents },
    authorize: { value: options.authorize },
    history: { value: options.history },
    description: { value: options.description },
    paramNames: { value: Object.freeze(paramNames) },
  });
  return definition;
}

const EVENT_NAME_PATTERN = /^[A-Za-z0-9_\-.:@=]{1,128}$/;

/** Event names are 1–128 characters of `[A-Za-z0-9_-.:@=]` and may not start with a provider prefix. */
export function assertEventName(name: string): void {
  if (typeof name !== 'string' || !EVENT_NAME_PATTERN.test(name) || /^(pusher|client-|\$)/.test(name)) {
    throw new RealtimeError('INVALID_EVENT', `Invalid event name ${JSON.stringify(name)}`, {
      details: { event: name },
    });
  }
}

/** True for values made by {@link defineChannel}. */
export function isChannelDefinition(value: unknown): value is AnyChannelDefinition {
  return typeof value === 'function' && (value as { kind?: unknown }).kind === 'switchboard.channel';
}

/** Checks that a value is a channel reference made by calling a definition. */
export function assertChannelRef(value: unknown): asserts value is ChannelRef {
  const ref = value as ChannelRef | undefined;
  if (!ref || typeof ref.name !== 'string' || !isChannelDefinition(ref.definition)) {
    throw new RealtimeError('INVALID_CHANNEL', 'Expected a channel: call its definition with params, e.g. progress({ userId })');
  }
}
