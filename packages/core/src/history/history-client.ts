/**
 * History through the auth endpoint, browser side: asks the app's `createAuthHandler` endpoint for
 * a page of a channel's history. The server applies the same rules as for subscribing; each
 * message's data is validated against the channel's schema here, as live messages are.
 */
import type { AuthEndpointOptions } from '../auth/provider-discovery.js';
import { assertChannelRef, type ChannelRef } from '../channel.js';
import type { Envelope } from '../envelope.js';
import { REALTIME_ERROR_CODES, RealtimeError, type RealtimeErrorCode } from '../errors.js';
import { AUTH_ENDPOINT_CREDENTIALS, resolveAuthHeaders } from '../kit/credential-fetch.js';
import type { SubscriberTransport } from '../transport.js';
import { issuesError } from '../validation.js';
import { type HistoryMessage, type HistoryPage, type HistoryQuery, resolveHistoryQuery } from './history-query.js';
import { type CatchUpOptions, withHistoryCatchUp } from './subscriber-catch-up.js';

/** A history page as the endpoint sent it, each message as an envelope, not validated yet. */
export interface EnvelopePage extends Omit<HistoryPage, 'messages'> {
  /** The messages as envelopes with their `historySeq`, in the query's direction. */
  envelopes: Envelope[];
}

/** Options of {@link createHistoryClient}. */
export interface HistoryClientOptions extends Pick<AuthEndpointOptions, 'authEndpoint' | 'authHeaders' | 'fetch'> {
  /**
   * Hears about messages of a page that were left out: unknown event, or data failing its schema.
   * @default console.warn
   */
  onError?: (error: RealtimeError) => void;
}

/** Reads channel history through the auth endpoint. */
export interface HistoryClient {
  /**
   * One page of the channel's history, typed from its event schemas; pass the page's `next` to
   * read on. Rejects with FORBIDDEN when the user may not subscribe to the channel, UNAUTHORIZED
   * when signed out, VALIDATION_FAILED for a bad query, UNSUPPORTED when the endpoint has no store.
   */
  history<TRef extends ChannelRef>(channel: TRef, query?: HistoryQuery): Promise<HistoryPage<TRef>>;
  /**
   * The same page as envelopes, without schema checks: what a subscriber's gap filling hands to its
   * own delivery, which checks each message as it checks live ones.
   */
  envelopes(channel: ChannelRef, query?: HistoryQuery): Promise<EnvelopePage>;
  /**
   * Wraps a subscriber transport so its channels catch up from this history: what
   * `createSubscriber({ history })` does. The catch-up code comes with this client, so subscribers
   * without one do not load it.
   */
  catchUp(transport: SubscriberTransport, options?: CatchUpOptions): SubscriberTransport;
}

const isErrorCode = (code: unknown): code is RealtimeErrorCode => (REALTIME_ERROR_CODES as readonly unknown[]).includes(code);

/** The RealtimeError an error answer stands for: its body's code where it names one, else by status. */
async function answerError(response: Response): Promise<RealtimeError> {
  const body = (await response.json().catch(() => undefined)) as { error?: { code?: unknown; message?: unknown } } | undefined;
  const message = typeof body?.error?.message === 'string' ? body.error.message : `The auth endpoint answered ${response.status}`;
  const details = { status: response.status };
  if (isErrorCode(body?.error?.code)) return new RealtimeError(body.error.code, message, { details });
  if (response.status === 401) return new RealtimeError('UNAUTHORIZED', message, { details });
  if (response.status === 403) return new RealtimeError('FORBIDDEN', message, { details });
  if (response.status === 429 || response.status >= 500) return new RealtimeError('PROVIDER_UNAVAILABLE', message, { details });
  return new RealtimeError('CONFIG', `${message}; is authEndpoint the URL of createAuthHandler?`, { details });
}

const malformed = () => new RealtimeError('MALFORMED_MESSAGE', 'The auth endpoint did not answer a history request with a history page');

/** A history message's fields, checked for their types; throws MALFORMED_MESSAGE otherwise. */
type MessageShape = { id: string; event: string; data: unknown; ts: number; seq: number; unnumberedBefore?: true };

function shapeOf(raw: unknown): MessageShape {
  const message = raw as Partial<HistoryMessage> | null;
  if (
    typeof message !== 'object' ||
    message === null ||
    typeof message.id !== 'string' ||
    typeof message.event !== 'string' ||
    typeof message.ts !== 'number' ||
    typeof message.seq !== 'number' ||
    !Number.isSafeInteger(message.seq)
  ) {
    throw malformed();
  }
  return message as MessageShape;
}

/** A history reader on the app's auth endpoint (the one `createAuthHandler({ ..., history })` serves). */
export function createHistoryClient(options: HistoryClientOptions): HistoryClient {
  if (!options?.authEndpoint) throw new RealtimeError('CONFIG', 'createHistoryClient: authEndpoint is empty');
  const report = options.onError ?? ((error: RealtimeError) => console.warn(`[switchboard] history: ${error.message}`));

  /** The message with its data as the schema outputs it, or undefined (reported) when it fails. */
  async function checked(channel: ChannelRef, raw: unknown): Promise<HistoryMessage | undefined> {
    const message = shapeOf(raw);
    const schema = channel.definition.events[message.event];
    if (!schema) {
      report(new RealtimeError('INVALID_EVENT', `History of "${channel.name}" holds unknown event "${message.event}"`));
      return undefined;
    }
    const result = await schema['~standard'].validate(message.data);
    if (result.issues) {
      report(issuesError(result.issues, `History message "${message.event}" on "${channel.name}"`));
      return undefined;
    }
    const checkedMessage = { id: message.id, event: message.event, data: result.value, ts: message.ts, seq: message.seq };
    return (message.unnumberedBefore === true ? { ...checkedMessage, unnumberedBefore: true } : checkedMessage) as HistoryMessage;
  }

  /** One page as the endpoint answered it, its shape checked. */
  async function fetchPage(channel: ChannelRef, query: HistoryQuery | undefined): Promise<HistoryPage & { messages: unknown[] }> {
    assertChannelRef(channel);
    const range = resolveHistoryQuery(query);
    const fetcher = options.fetch ?? globalThis.fetch;
    if (typeof fetcher !== 'function') throw new RealtimeError('CONFIG', 'No fetch available: pass `fetch` to createHistoryClient');
    let response: Response;
    try {
      response = await fetcher(String(options.authEndpoint), {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json', ...(await resolveAuthHeaders(options.authHeaders)) },
        body: JSON.stringify({ history: { channel: channel.name, ...range } }),
        credentials: AUTH_ENDPOINT_CREDENTIALS,
      });
    } catch (cause) {
      if (RealtimeError.isInstance(cause)) throw cause;
      throw new RealtimeError('PROVIDER_UNAVAILABLE', 'Could not reach the auth endpoint', { cause });
    }
    if (!response.ok) throw await answerError(response);
    const page = (await response.json().catch(() => undefined)) as Partial<HistoryPage> | undefined;
    if (!page || !Array.isArray(page.messages) || typeof page.latestSeq !== 'number') throw malformed();
    return {
      messages: page.messages,
      next: page.next && typeof page.next === 'object' ? page.next : undefined,
      latestSeq: page.latestSeq,
      earliestSeq: typeof page.earliestSeq === 'number' ? page.earliestSeq : undefined,
    };
  }

  const client: HistoryClient = {
    catchUp: (transport, catchUpOptions) => withHistoryCatchUp(transport, client, catchUpOptions),

    async history<TRef extends ChannelRef>(channel: TRef, query?: HistoryQuery): Promise<HistoryPage<TRef>> {
      const page = await fetchPage(channel, query);
      const messages: HistoryMessage[] = [];
      for (const raw of page.messages) {
        const message = await checked(channel, raw);
        if (message) messages.push(message);
      }
      return { ...page, messages: messages as HistoryMessage<TRef>[] };
    },

    async envelopes(channel, query) {
      const { messages, ...page } = await fetchPage(channel, query);
      const envelopes = messages.map((raw): Envelope => {
        const message = shapeOf(raw);
        const envelope: Envelope = { id: message.id, event: message.event, data: message.data, ts: message.ts, historySeq: message.seq };
        if (message.unnumberedBefore === true) envelope.unnumberedBefore = true;
        return envelope;
      });
      return { ...page, envelopes };
    },
  };
  return client;
}
