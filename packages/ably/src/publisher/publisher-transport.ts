/**
 * The publisher transport on Ably REST: one message is one publish with its envelope id as the Ably
 * message id; several go in one batch-publish request, one spec per message, so each stays
 * independently idempotent (Ably requires ids in a multi-message publish to share a base).
 */
import {
  type ChannelRef,
  type Envelope,
  type HealthReport,
  healthReason,
  type MessageFailure,
  type OutboundMessage,
  type PresenceConnection,
  type PublisherTransport,
  parseEnvelope,
  RealtimeError,
  type SendOutcome,
  SPECIFICATION_VERSION,
} from '@switchboard/core';
import type * as Ably from 'ably';
import { type AblyHostOptions, ablyCapabilities, ablyLimits, hostClientOptions } from '../capabilities.js';
import { ablyChannelName } from '../channel-names.js';
import { type AblyOutboundMessage, fromAblyMessage, toAblyMessage } from '../envelope-mapping.js';
import { PROVIDER, toRealtimeError } from '../errors.js';
import { loadFullSdk } from '../load-sdk.js';

export interface AblyPublisherOptions extends AblyHostOptions {
  /** The Ably API key, `appId.keyId:secret` (ABLY_API_KEY). Server-side only. */
  apiKey: string;
  /** Extra Ably ClientOptions (timeouts, logging); the adapter's own settings win. */
  clientOptions?: Partial<Ably.ClientOptions> | undefined;
}

/** The Ably publisher transport, plus history reads. */
export interface AblyPublisherTransport extends PublisherTransport {
  /** Recent envelopes published on a channel, newest first. */
  history(channel: ChannelRef, options?: { limit?: number }): Promise<Envelope[]>;
}

const encoder = new TextEncoder();

/** The batch-publish spec of one message: its own channel list, so each message keeps its own id. */
function batchSpec({ channel, envelope }: OutboundMessage): { channels: string[]; messages: AblyOutboundMessage[] } {
  return { channels: [ablyChannelName(channel)], messages: [toAblyMessage(envelope)] };
}

interface BatchResultLike {
  failureCount: number;
  results: Array<{ channel: string; error?: unknown }>;
}

/** The Ably publisher transport on Ably REST; pass it as `createPublisher({ adapter })` or use {@link ablyPublisher}. */
export function createPublisherTransport(options: AblyPublisherOptions): AblyPublisherTransport {
  if (!options || typeof options.apiKey !== 'string' || !options.apiKey.includes(':')) {
    throw new RealtimeError('CONFIG', 'ably publisher: apiKey ("appId.keyId:secret") is required (ABLY_API_KEY)', { provider: PROVIDER });
  }
  let client: Promise<Ably.Rest> | undefined;
  const rest = () => {
    client ??= loadFullSdk().then(
      (sdk) =>
        new sdk.Rest({
          ...options.clientOptions,
          key: options.apiKey,
          useBinaryProtocol: false,
          idempotentRestPublishing: true,
          ...hostClientOptions(options),
        }),
    );
    return client;
  };

  /**
   * One spec per message; Ably answers each spec separately, so a channel's error fails only its
   * message and the others count as delivered (core retries only the retriable failures).
   */
  async function publishBatch(target: Ably.Rest, messages: OutboundMessage[]): Promise<SendOutcome> {
    const specs = messages.map(batchSpec);
    const results = (await target.batchPublish(specs as Ably.BatchPublishSpec[])) as unknown as BatchResultLike[];
    const failures: MessageFailure[] = [];
    for (const [index, result] of results.entries()) {
      const failure = result?.results?.find((entry) => entry.error !== undefined);
      if (failure) failures.push({ index, error: toRealtimeError(failure.error, `Publishing to "${failure.channel}" failed`) });
    }
    return { failures };
  }

  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: PROVIDER,
    capabilities: ablyCapabilities,
    limits: ablyLimits,
    providerChannelName: (channel) => ablyChannelName(channel),
    // The batch body is a JSON array of these specs: what core sums is what Ably measures.
    wireSize: (message) => encoder.encode(JSON.stringify(batchSpec(message))).byteLength + 1,

    async send(messages, signal) {
      if (messages.length === 0) return;
      if (signal?.aborted) throw new RealtimeError('TIMEOUT', 'Publish aborted', { provider: PROVIDER, cause: signal.reason });
      const target = await rest();
      try {
        const [first] = messages;
        if (messages.length === 1 && first) {
          await target.channels.get(ablyChannelName(first.channel)).publish(toAblyMessage(first.envelope) as Ably.Message);
        } else {
          return await publishBatch(target, messages);
        }
      } catch (error) {
        throw toRealtimeError(error, 'Ably publish failed');
      }
    },

    async presenceMembers(channel): Promise<PresenceConnection[]> {
      const target = await rest();
      try {
        const members: PresenceConnection[] = [];
        let page: Ably.PaginatedResult<Ably.PresenceMessage> | null = await target.channels
          .get(ablyChannelName(channel))
          .presence.get({ limit: 1000 });
        while (page) {
          for (const item of page.items) {
            if (item.clientId) members.push({ userId: item.clientId, connectionId: item.connectionId, data: item.data });
          }
          page = page.hasNext() ? await page.next() : null;
        }
        return members;
      } catch (error) {
        throw toRealtimeError(error, `Ably presence query on "${channel.name}" failed`);
      }
    },

    async history(channel, historyOptions = {}) {
      const target = await rest();
      try {
        const page = await target.channels
          .get(ablyChannelName(channel))
          .history({ limit: historyOptions.limit ?? 100, direction: 'backwards' });
        return page.items.map((message) => parseEnvelope(fromAblyMessage(message), PROVIDER));
      } catch (error) {
        throw toRealtimeError(error, `Ably history of "${channel.name}" failed`);
      }
    },

    async health(): Promise<HealthReport> {
      const started = Date.now();
      try {
        const serverTime = await (await rest()).time();
        return { status: 'healthy', provider: PROVIDER, latencyMs: Date.now() - started, details: { serverTime } };
      } catch (error) {
        const cause = toRealtimeError(error, 'Ably /time failed');
        return {
          status: 'unhealthy',
          reasons: [healthReason('provider-unreachable', 'unhealthy', `Ably's REST API does not answer: ${cause.message}`)],
          provider: PROVIDER,
          latencyMs: Date.now() - started,
          details: { error: cause.message },
        };
      }
    },

    async close() {
      client = undefined;
    },
  };
}
