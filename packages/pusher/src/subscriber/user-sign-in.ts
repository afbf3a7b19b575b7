/**
 * User streams on Pusher through its native user sign-in: `pusher.user.signin()`, with the app's
 * auth endpoint signing the authenticated user in on this socket, and the events the server sends
 * with `sendToUser` arriving on `#server-to-user-{id}`, which Pusher lets only connections signed in
 * as that user join. The transport loads this file on the first user stream a page listens to
 * (`subscribeUser`), so pages that never listen to one carry none of it.
 *
 * It imports types only: the transport hands over what it already has (the channel authorization,
 * the refusal shape, the error class), so no chunk is shared with the page's eager code.
 */
import type { ChannelRef, ChannelSink, RealtimeError, subscriptionRefused } from '@switchboard/core/adapter';
import type Pusher from 'pusher-js';
import type { ChannelAuthorization } from './channel-authorization.js';

/** What the transport hands over, positionally (fewer bytes in every page): its channel authorization, its refusals by channel, the refusal shape and the error class. */
type UserSignInKit = [
  authorization: ChannelAuthorization,
  lastErrors: Map<string, RealtimeError>,
  refused: typeof subscriptionRefused,
  errorClass: typeof RealtimeError,
];

/**
 * The channel name the subscriber posts to sign a user in (`#server-to-user-{id}` of the stream it
 * wants): the endpoint refuses another user's id with the stream's own reason, and signs in only
 * the authenticated user.
 */
const USER_CHANNEL_PREFIX = '#server-to-user-';

/** pusher-js's user facade, as far as this file uses it. */
interface UserFacade {
  signin_requested: boolean;
  user_data: { id?: unknown } | null;
  signinDonePromise: Promise<unknown> | null;
  serverToUserChannel: { subscribed: boolean; bind(event: string, callback: (data: unknown) => void): void } | null;
  signin(): void;
  bind_global(callback: (event: string, data: unknown) => void): void;
}

/** pusher-js's user authenticator (`config.userAuthenticator`). */
type UserAuthenticator = (params: { socketId: string }, callback: (error: Error | null, data: unknown) => void) => void;

/** The streams of one pusher-js client: the sink of each, by its user id (the last attach wins). */
const clients = new WeakMap<Pusher, { sinks: Map<string, ChannelSink>; owner: string }>();

/** Sets the client up once: the authenticator, delivery to the streams' sinks, a gap after a reconnect. */
function streamsOf(client: Pusher, owner: string, authorization: ChannelAuthorization) {
  const known = clients.get(client);
  if (known) {
    // The user signs in as the stream's owner; once signed in, that stays the connection's user.
    if (typeof (client.user as unknown as UserFacade).user_data?.id !== 'string') known.owner = owner;
    return known;
  }
  const streams = { sinks: new Map<string, ChannelSink>(), owner };
  clients.set(client, streams);
  const user = client.user as unknown as UserFacade;
  // Read by pusher-js at every sign-in (a reconnect signs in again, with a new socket id).
  (client.config as unknown as { userAuthenticator: UserAuthenticator }).userAuthenticator = ({ socketId }, callback) =>
    authorization.handler({ socketId, channelName: USER_CHANNEL_PREFIX + streams.owner }, callback);
  user.bind_global((event, data) => {
    // pusher-js passes its own sign-in events here too (`pusher:signin_error`).
    const id = user.user_data?.id;
    if (!event.startsWith('pusher') && typeof id === 'string') streams.sinks.get(id)?.message({ envelope: data, recovered: false });
  });
  let lostAt: number | undefined;
  client.connection.bind('state_change', ({ previous, current }: { previous: string; current: string }) => {
    if (previous === 'connected' && current !== 'connected') lostAt ??= Date.now();
  });
  // Pusher keeps nothing for a socket that was away: once the user's channel is joined again, say so.
  client.connection.bind('message', (message: { event?: string; channel?: string }) => {
    if (lostAt === undefined || message.event !== 'pusher_internal:subscription_succeeded') return;
    if (!message.channel?.startsWith(USER_CHANNEL_PREFIX)) return;
    for (const sink of streams.sinks.values()) sink.gap({ reason: 'reconnected-without-recovery', since: lostAt });
    lostAt = undefined;
  });
  return streams;
}

/**
 * Listens to a user stream: signs the page in (once per connection) and resolves once the user's
 * channel is joined. Refused in the stream's refusal shape when the endpoint refuses the sign-in
 * (another user's stream, no user) or signed in someone else. The default export, so the hook in
 * every Pusher page names no property.
 */
export default async function attachUserStream(
  client: Pusher,
  stream: ChannelRef,
  sink: ChannelSink,
  ...[authorization, lastErrors, refused, ErrorClass]: UserSignInKit
): Promise<void> {
  const owner = stream.params.userId as string;
  const streams = streamsOf(client, owner, authorization);
  const user = client.user as unknown as UserFacade;
  const refuse = (code: 'FORBIDDEN' | 'UNAUTHORIZED', reason: string) =>
    refused(stream.name, new ErrorClass(code, reason, { provider: 'pusher', details: { reason } }));
  // After a refused sign-in pusher-js stays "requested" and would never ask again.
  if (typeof user.user_data?.id !== 'string' && user.signinDonePromise && (user.signinDonePromise as { done?: boolean }).done) {
    user.signin_requested = false;
  }
  user.signin();
  await user.signinDonePromise;
  const signedIn = user.user_data?.id;
  if (typeof signedIn !== 'string') {
    const error = lastErrors.get(USER_CHANNEL_PREFIX + owner);
    throw error ? refused(stream.name, error) : refuse('UNAUTHORIZED', 'Pusher did not sign the user in');
  }
  if (signedIn !== owner)
    throw refuse('FORBIDDEN', `this connection is signed in as another user; only user ${owner} may listen to their user stream`);
  streams.sinks.set(owner, sink);
  const channel = user.serverToUserChannel;
  if (!channel || channel.subscribed) return;
  await new Promise<void>((resolve, reject) => {
    channel.bind('pusher:subscription_succeeded', () => resolve());
    channel.bind('pusher:subscription_error', () => reject(refuse('FORBIDDEN', 'Pusher refused the user channel')));
  });
}
