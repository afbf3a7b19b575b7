/**
 * The history store for the fault scenarios: a memory store in the test process, an auth endpoint
 * serving it, and a history client per subscriber, so a stream can run "with the history store" on
 * any rig. The store lives outside the provider's server: a server restart does not lose it.
 */
import { createHistoryClient, type HistoryClient, type ProviderAuthorizer } from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { type HistoryStore, memoryHistory } from '@switchboard/core/history';
import { faultChannels } from './fault-channel.js';

/** A store and a history client reading it through an in-process auth endpoint. */
export interface HistoryBed {
  /** The publisher's `history` option. */
  store: HistoryStore;
  /** The subscribers' `history` option. */
  client: HistoryClient;
}

/** Answers history requests only. */
const historyOnly: ProviderAuthorizer = { provider: 'memory', publicConfig: () => ({}), authorize: async () => null };

/** A fresh store with its endpoint; the stream channel is public, so readers need no user. */
export function historyBed(): HistoryBed {
  const store = memoryHistory({ defaultRetention: { maxMessages: 100_000 } });
  const handler = createAuthHandler({ authenticate: () => null, channels: faultChannels, authorizer: historyOnly, history: store });
  const client = createHistoryClient({
    authEndpoint: 'http://faults.test/realtime',
    fetch: async (url, init) => handler(new Request(url, init)),
  });
  return { store, client };
}
