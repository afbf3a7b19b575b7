/**
 * `subscription.ready` settles when the Pusher server cannot be reached: it rejects with TIMEOUT
 * after the subscriber's `connectTimeoutMs`, and the subscription keeps retrying (pusher-js
 * reconnects on its own) and delivers once the server is up. Real pusher-js against the emulator.
 */
import { checkReadyWhileUnreachable } from '@switchboard/testing/conformance';
import { startPusherEmulator } from '@switchboard/testing/pusher-emulator';
import { describe, expect, it } from 'vitest';
import { pusherPublisher } from '../src/index.js';
import { pusherSubscriber } from '../src/subscriber/index.js';

const credentials = { appId: '1', key: 'test-key', secret: 'test-secret' };

describe('pusher: ready while the server is unreachable', () => {
  it('rejects ready with TIMEOUT after connectTimeoutMs, then delivers once the server listens', async () => {
    const error = await checkReadyWhileUnreachable({
      connectTimeoutMs: 800,
      subscriber: (port) =>
        pusherSubscriber({ key: credentials.key, wsHost: '127.0.0.1', wsPort: port, forceTLS: false, connectTimeoutMs: 800 }),
      startService: (port) => startPusherEmulator({ ...credentials, port }),
      publisher: (port) => pusherPublisher({ ...credentials, host: '127.0.0.1', port, useTLS: false }),
    });
    expect(error.provider).toBe('pusher');
  }, 90_000);
});
