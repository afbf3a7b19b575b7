/**
 * `subscription.ready` settles when Ably cannot be reached: it rejects with TIMEOUT after the
 * subscriber's `connectTimeoutMs`, and the subscription keeps retrying (the Ably SDK reconnects on
 * its own) and delivers once the service is up. The real `ably` SDK against the emulator.
 */
import { createChannelChecker } from '@switchboard/core';
import { startAblyEmulator } from '@switchboard/testing/ably-emulator';
import { checkReadyWhileUnreachable, publicRoom } from '@switchboard/testing/conformance';
import { describe, expect, it } from 'vitest';
import { ablyAuthorizer, ablyPublisher } from '../src/index.js';
import { ablySubscriber } from '../src/subscriber/index.js';
import { API_KEY, fastClientOptions } from './emulator-setup.js';

const host = (port: number) => ({ endpoint: '127.0.0.1', port, tls: false as const });

describe('ably: ready while the service is unreachable', () => {
  it('rejects ready with TIMEOUT after connectTimeoutMs, then delivers once the service listens', async () => {
    const checker = createChannelChecker([publicRoom]);
    const user = { id: 'late-reader' };
    const error = await checkReadyWhileUnreachable({
      connectTimeoutMs: 800,
      subscriber: (port) => {
        const authorizer = ablyAuthorizer({ apiKey: API_KEY, ...host(port) });
        return ablySubscriber({
          ...host(port),
          authCallback: (channels: string[]) => authorizer.authorize({ user, body: { channels }, check: (name) => checker(user, name) }),
          clientOptions: fastClientOptions,
          connectTimeoutMs: 800,
        });
      },
      startService: (port) => startAblyEmulator({ keys: [API_KEY], port }),
      publisher: (port) => ablyPublisher({ apiKey: API_KEY, ...host(port), clientOptions: fastClientOptions }),
    });
    expect(error.provider).toBe('ably');
  }, 90_000);
});
