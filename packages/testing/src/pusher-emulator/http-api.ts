/**
 * The Pusher HTTP API: `/events`, `/batch_events`, channel queries and presence users, with the
 * limits hosted Pusher applies. Requests are already authenticated when they get here.
 */
import type { ChannelRegistry } from './channel-registry.js';
import { byteLength, channelKind, channelNameProblem, PUSHER_LIMITS, SOCKET_ID_PATTERN } from './limits.js';

export interface ApiReply {
  status: number;
  /** An object is sent as JSON; a string as a plain-text error body. */
  body: unknown;
}

interface EventInput {
  name?: unknown;
  data?: unknown;
  channels?: unknown;
  channel?: unknown;
  socket_id?: unknown;
  info?: unknown;
}

const badRequest = (message: string): ApiReply => ({ status: 400, body: message });

function userIdProblem(userId: string): string | undefined {
  if (userId.length === 0 || userId.length > PUSHER_LIMITS.maxUserIdLength)
    return `Invalid user id: 1–${PUSHER_LIMITS.maxUserIdLength} characters`;
  return undefined;
}

/**
 * `POST /users/{id}/terminate_connections`: closes every connection signed in as the user (only
 * those that completed `pusher:signin`; presence membership alone does not count).
 */
export function terminateUserConnections(sessions: Iterable<{ userId: string | undefined; terminate(): void }>, userId: string): ApiReply {
  const problem = userIdProblem(userId);
  if (problem) return badRequest(problem);
  for (const session of sessions) if (session.userId === userId) session.terminate();
  return { status: 200, body: {} };
}

/** Checks one event of `/events` or `/batch_events`; returns a refusal, or the channels to send to. */
function checkEvent(event: EventInput, batch: boolean): ApiReply | string[] {
  if (typeof event !== 'object' || event === null) return badRequest('Event must be an object');
  if (typeof event.name !== 'string' || event.name.length === 0) return badRequest('Event name is required');
  if (event.name.length > PUSHER_LIMITS.maxEventNameLength) return badRequest(`Event name too long: ${event.name.slice(0, 40)}…`);
  if (typeof event.data !== 'string') return badRequest('Event data must be a string');
  const size = byteLength(event.data);
  if (size > PUSHER_LIMITS.maxDataBytes) {
    return { status: 413, body: `Request Entity Too Large: event data is ${size} bytes, the limit is ${PUSHER_LIMITS.maxDataBytes}` };
  }
  const channels = batch ? [event.channel] : Array.isArray(event.channels) ? event.channels : [event.channel];
  if (channels.length === 0 || channels[0] === undefined) return badRequest('Event needs channels');
  if (channels.length > PUSHER_LIMITS.maxChannelsPerTrigger) {
    return badRequest(`Too many channels: ${channels.length} > ${PUSHER_LIMITS.maxChannelsPerTrigger}`);
  }
  for (const channel of channels) {
    // `sendToUser` publishes on the reserved `#server-to-user-{id}` channel.
    const userChannel = typeof channel === 'string' && channel.startsWith('#server-to-user-');
    const problem = userChannel ? userIdProblem(channel.slice('#server-to-user-'.length)) : channelNameProblem(channel);
    if (problem) return badRequest(problem);
  }
  if (event.socket_id !== undefined && (typeof event.socket_id !== 'string' || !SOCKET_ID_PATTERN.test(event.socket_id))) {
    return badRequest(`Invalid socket_id: ${String(event.socket_id)}`);
  }
  return channels as string[];
}

function channelInfo(registry: ChannelRegistry, channel: string, info: unknown): Record<string, number> {
  const wanted = typeof info === 'string' ? info.split(',') : [];
  const result: Record<string, number> = {};
  const presence = channelKind(channel) === 'presence';
  if (wanted.includes('user_count') && presence) result.user_count = registry.userIds(channel).length;
  if (wanted.includes('subscription_count') && !presence) result.subscription_count = registry.subscriptionCount(channel);
  return result;
}

function deliver(registry: ChannelRegistry, event: EventInput, channels: string[]): void {
  for (const channel of channels) {
    registry.publish(channel, event.name as string, event.data as string, {
      ...(typeof event.socket_id === 'string' ? { excludeSocketId: event.socket_id } : {}),
    });
  }
}

export function triggerEvents(registry: ChannelRegistry, body: unknown): ApiReply {
  const event = (body ?? {}) as EventInput;
  const checked = checkEvent(event, false);
  if (!Array.isArray(checked)) return checked;
  deliver(registry, event, checked);
  if (event.info === undefined) return { status: 200, body: {} };
  return { status: 200, body: { channels: Object.fromEntries(checked.map((name) => [name, channelInfo(registry, name, event.info)])) } };
}

export function triggerBatch(registry: ChannelRegistry, body: unknown): ApiReply {
  const batch = (body as { batch?: unknown } | undefined)?.batch;
  if (!Array.isArray(batch) || batch.length === 0) return badRequest('batch must be a non-empty array');
  if (batch.length > PUSHER_LIMITS.maxBatchSize)
    return badRequest(`Batch too large: ${batch.length} > ${PUSHER_LIMITS.maxBatchSize} events`);
  const checked: string[][] = [];
  for (const event of batch as EventInput[]) {
    const result = checkEvent(event, true);
    if (!Array.isArray(result)) return result;
    checked.push(result);
  }
  for (const [index, event] of (batch as EventInput[]).entries()) deliver(registry, event, checked[index] ?? []);
  if (!(batch as EventInput[]).some((event) => event.info !== undefined)) return { status: 200, body: {} };
  return {
    status: 200,
    body: { batch: (batch as EventInput[]).map((event, index) => channelInfo(registry, checked[index]?.[0] ?? '', event.info)) },
  };
}

export function listChannels(registry: ChannelRegistry, params: Record<string, string>): ApiReply {
  const prefix = params.filter_by_prefix ?? '';
  const info = params.info;
  if (info?.split(',').includes('user_count') && !prefix.startsWith('presence-')) {
    return badRequest('user_count may only be requested with filter_by_prefix=presence-');
  }
  const channels = Object.fromEntries(registry.names(prefix).map((name) => [name, channelInfo(registry, name, info)]));
  return { status: 200, body: { channels } };
}

export function describeChannel(registry: ChannelRegistry, channel: string, params: Record<string, string>): ApiReply {
  const problem = channelNameProblem(channel);
  if (problem) return badRequest(problem);
  const wanted = params.info?.split(',') ?? [];
  const presence = channelKind(channel) === 'presence';
  if (wanted.includes('user_count') && !presence) return badRequest('user_count is only available on presence channels');
  if (wanted.includes('subscription_count') && presence) return badRequest('subscription_count is not available on presence channels');
  return { status: 200, body: { occupied: registry.subscriptionCount(channel) > 0, ...channelInfo(registry, channel, params.info) } };
}

export function channelUsers(registry: ChannelRegistry, channel: string): ApiReply {
  const problem = channelNameProblem(channel);
  if (problem) return badRequest(problem);
  if (channelKind(channel) !== 'presence') return badRequest('Users can only be listed on presence channels');
  return { status: 200, body: { users: registry.userIds(channel).map((id) => ({ id })) } };
}
