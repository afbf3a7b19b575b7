/** Shared wiring for the Ably tests: an emulator, the authorizer, and subscribers whose tokens come from the access rules. */
import {
  type AccessRules,
  type AnyChannelDefinition,
  type AuthUser,
  createChannelChecker,
  type PublisherCoreOptions,
  type SubscriberCoreOptions,
} from '@switchboard/core';
import { type AblyEmulator, startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { ablyAuthorizer, ablyPublisher } from '../src/index.js';
import { type AblySubscriberOptions, ablySubscriber } from '../src/subscriber/index.js';

export const API_KEY = 'testapp.testkey:s3cr3t-value';

/** SDK timeouts short enough for tests on a loaded machine, long enough never to fire spuriously. */
export const fastClientOptions = {
  disconnectedRetryTimeout: 300,
  suspendedRetryTimeout: 1000,
  realtimeRequestTimeout: 8000,
  httpRequestTimeout: 8000,
  logLevel: 0,
};

export interface AblyTestBed {
  emulator: AblyEmulator;
  host: { endpoint: string; port: number; tls: false };
  authorizer: ReturnType<typeof ablyAuthorizer>;
  /** Token source for `user`, checked against the definitions and rules (undefined user = anonymous). */
  tokenSource(user: AuthUser | undefined): (channels: string[]) => Promise<unknown>;
  publisher(options?: PublisherCoreOptions): ReturnType<typeof ablyPublisher>;
  subscriber(
    user: AuthUser | undefined,
    options?: SubscriberCoreOptions & Partial<AblySubscriberOptions>,
  ): ReturnType<typeof ablySubscriber>;
}

let anonymous = 0;

export async function startTestBed(
  definitions: readonly AnyChannelDefinition[],
  rules: AccessRules = [],
  emulatorOptions: Partial<Parameters<typeof startAblyEmulator>[0]> = {},
): Promise<AblyTestBed> {
  const emulator = await startAblyEmulator({ keys: [API_KEY], presenceGraceMs: 300, ...emulatorOptions });
  const host = { endpoint: emulator.host, port: emulator.port, tls: false as const };
  const authorizer = ablyAuthorizer({ apiKey: API_KEY, ...host });
  const checker = createChannelChecker(definitions, rules);
  const tokenSource = (user: AuthUser | undefined) => {
    // The auth handler needs a signed-in user; anonymous test subscribers get a throwaway clientId
    // while the access rules still see no user.
    const identity = user ?? { id: `anonymous-${++anonymous}` };
    return (channels: string[]) => authorizer.authorize({ user: identity, body: { channels }, check: (name) => checker(user, name) });
  };
  return {
    emulator,
    host,
    authorizer,
    tokenSource,
    publisher: (options = {}) => ablyPublisher({ apiKey: API_KEY, ...host, clientOptions: fastClientOptions, ...options }),
    subscriber: (user, options = {}) =>
      ablySubscriber({ ...host, authCallback: tokenSource(user), clientOptions: fastClientOptions, ...options }),
  };
}
