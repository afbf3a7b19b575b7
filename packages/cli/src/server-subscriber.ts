/**
 * A subscriber for the CLI with the server's own credentials: a local auth endpoint on 127.0.0.1
 * (`createAuthHandler` with `authorizerFromEnv`, every contract channel allowed for the CLI's user)
 * and `createSubscriber({ authEndpoint })`, so `tail` works on whichever provider the environment
 * selects, the same way a browser would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AnyChannelDefinition, allow, authorizerFromEnv, createSubscriber, type RealtimeSubscriber } from '@switchboard/core';
import { createAuthHandler, toNodeHandler } from '@switchboard/core/auth';

/** A subscriber signed in as `userId`, and what stops it. */
export async function serverSubscriber(
  definitions: readonly AnyChannelDefinition[],
  env: Record<string, string | undefined>,
  userId: string,
): Promise<{ subscriber: RealtimeSubscriber; close(): Promise<void> }> {
  const authorizer = await authorizerFromEnv(env);
  const handler = createAuthHandler({
    authenticate: () => ({ id: userId }),
    channels: definitions,
    rules: definitions.map((definition) => allow(definition, () => true)),
    authorizer,
  });
  const node = toNodeHandler(handler);
  const server: Server = createServer((request, response) => void node(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const subscriber = createSubscriber({ authEndpoint: `http://127.0.0.1:${port}/auth` });
  return {
    subscriber,
    async close() {
      await subscriber.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
