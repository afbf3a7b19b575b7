/**
 * A stand-in for the shared auth handler, for tests that drive pusher-js through an auth endpoint:
 * a form body in, the Pusher authorizer's JSON out, or a status with `{ reason }`. The user is the
 * `x-user` header; every request is recorded with its headers and fields.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AnyChannelDefinition, createChannelChecker, RealtimeError } from '@switchboard/core';
import { pusherAuthorizer } from '../src/index.js';

export interface AuthEndpointServer {
  /** The endpoint's URL. */
  readonly url: string;
  /** Every request so far: its headers and form fields. */
  readonly seen: Array<{ headers: IncomingHttpHeaders; fields: Record<string, string> }>;
  close(): Promise<void>;
}

export async function startAuthEndpoint(options: {
  key: string;
  secret: string;
  channels: readonly AnyChannelDefinition[];
  path: string;
  /** Answer 401 to a request without `x-user` (else it is authorized as the user with id ''). */
  requireUser?: boolean;
}): Promise<AuthEndpointServer> {
  const authorizer = pusherAuthorizer({ key: options.key, secret: options.secret });
  const checker = createChannelChecker(options.channels);
  const seen: AuthEndpointServer['seen'] = [];
  const json = (status: number, body: unknown) => ({ status, text: JSON.stringify(body) });
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => {
      text += chunk;
    });
    request.on('end', async () => {
      const fields = Object.fromEntries(new URLSearchParams(text));
      seen.push({ headers: request.headers, fields });
      const header = request.headers['x-user'];
      let answer: { status: number; text: string };
      if (options.requireUser && typeof header !== 'string') answer = json(401, { reason: 'no user' });
      else {
        const user = { id: String(header ?? '') };
        try {
          answer = json(200, await authorizer.authorize({ user, body: fields, check: (name) => checker(user, name) }));
        } catch (error) {
          answer = json(RealtimeError.isInstance(error, 'FORBIDDEN') ? 403 : 400, { reason: (error as Error).message });
        }
      }
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${options.path}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
