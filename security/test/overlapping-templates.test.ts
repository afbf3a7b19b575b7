/**
 * A concrete channel name belongs to exactly one definition. When two templates can match the same
 * name (a public `user:{userId}:{feed}` and an owner-only `user:{userId}:inbox`), whichever was listed
 * first used to decide access: another user got an Ably capability for the inbox, a Pusher signature
 * for `team:7:payroll`, and the hub delivered the owner's messages to them. Such definitions are now
 * refused when the auth endpoint or the hub is built, on every provider, naming both templates.
 */
import type { AblyTokenRequest } from '@switchboard/ably';
import { ablyAuthorizer } from '@switchboard/ably';
import {
  type AccessRules,
  type AnyChannelDefinition,
  type AuthUser,
  allow,
  defineChannel,
  ownerOnly,
  type ProviderAuthorizer,
  parseChannelName,
  RealtimeError,
} from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { pusherAuthorizer, pusherChannelName, toPusherChannelName } from '@switchboard/pusher';
import { createHub, type Hub, socketIoAuthorizer, socketIoPublisher } from '@switchboard/socket-io';
import { quietPeriod } from '@switchboard/testing';
import { objectSchema } from '@switchboard/testing/conformance';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { ABLY_API_KEY, HUB_SECRET, PUSHER_APP } from './support/providers.js';

const events = { note: objectSchema({ text: 'string', n: 'number' }) };
const teamMembers = new Map([['7', ['pat', 'boss']]]);

const feed = defineChannel('user:{userId}:{feed}', { access: 'public', events });
const userInbox = defineChannel('user:{userId}:inbox', { access: 'private', events, authorize: ownerOnly('userId') });
const teamRoom = defineChannel('team:{teamId}:{room}', {
  access: 'private',
  events,
  authorize: (user, { teamId }) => teamMembers.get(teamId)?.includes(user.id) ?? false,
});
const payroll = defineChannel('team:{teamId}:payroll', { access: 'private', events, authorize: (user) => user.id === 'boss' });
// The fix an app makes: a literal segment of its own, so no name matches both.
const renamedFeed = defineChannel('user:{userId}:feed:{feed}', { access: 'public', events });

const closers: Array<() => unknown> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const ably = () => ablyAuthorizer({ apiKey: ABLY_API_KEY });
const pusher = () => pusherAuthorizer({ key: PUSHER_APP.key, secret: PUSHER_APP.secret, wsHost: '127.0.0.1', wsPort: 1, forceTLS: false });

/** The auth endpoint of an app that lists `channels`, or the error that refused to build it. */
function buildEndpoint(channels: AnyChannelDefinition[], authorizer: ProviderAuthorizer, rules: AccessRules = []) {
  try {
    const handler = createAuthHandler({
      authenticate: (request) => ({ id: request.headers.get('x-user') ?? '' }),
      channels,
      rules,
      authorizer,
      onError: (error) => {
        throw error;
      },
    });
    return { handler, refused: undefined };
  } catch (refused) {
    return { handler: undefined, refused };
  }
}

const post = (handler: (request: Request) => Promise<Response>, user: string, body: { json?: unknown; form?: Record<string, string> }) =>
  handler(
    new Request('http://app.test/api/realtime', {
      method: 'POST',
      headers: { 'x-user': user, 'content-type': body.form ? 'application/x-www-form-urlencoded' : 'application/json' },
      body: body.form ? new URLSearchParams(body.form).toString() : JSON.stringify(body.json),
    }),
  );

function expectRefusedNaming(refused: unknown, first: string, second: string): void {
  expect(RealtimeError.isInstance(refused, 'CONFIG')).toBe(true);
  expect((refused as Error).message).toContain(`"${first}"`);
  expect((refused as Error).message).toContain(`"${second}"`);
}

async function startHub(channels: AnyChannelDefinition[], rules: AccessRules = []): Promise<Hub> {
  const hub = createHub({ channels, rules, secret: HUB_SECRET, host: '127.0.0.1', port: 0 });
  closers.push(() => hub.close());
  await hub.listen();
  return hub;
}

/** A real socket.io-client connection of `user`, with a token from the hub's authorizer. */
async function connect(hub: Hub, user: AuthUser): Promise<Socket> {
  const { token } = (await socketIoAuthorizer({ secret: HUB_SECRET, url: hub.url }).authorize({
    user,
    body: {},
    check: async () => ({ allowed: true }),
  })) as { token: string };
  const socket = io(hub.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  closers.push(() => socket.disconnect());
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

type Reply = { ok: boolean; code?: string };
const subscribe = (socket: Socket, channel: string) =>
  socket.timeout(8000).emitWithAck('switchboard:subscribe', { channel }) as Promise<Reply>;

describe('ably: a public template listed before an owner-only one', () => {
  it('the endpoint is refused when built, so u2 never gets a capability for u1’s inbox', async () => {
    const { handler, refused } = buildEndpoint([feed, userInbox], ably());
    const capabilities: string[] = [];
    if (handler) {
      const response = await post(handler, 'u2', { json: { channels: [userInbox({ userId: 'u1' }).name] } });
      if (response.ok) capabilities.push(((await response.json()) as AblyTokenRequest).capability);
    }
    expect(capabilities).toEqual([]);
    expectRefusedNaming(refused, 'user:{userId}:{feed}', 'user:{userId}:inbox');
  });

  it('with distinct templates u2 is refused (403) and u1 gets exactly its inbox (control)', async () => {
    const { handler } = buildEndpoint([renamedFeed, userInbox], ably());
    if (!handler) throw new Error('distinct templates must build');
    const inboxName = userInbox({ userId: 'u1' }).name;
    expect((await post(handler, 'u2', { json: { channels: [inboxName] } })).status).toBe(403);
    const own = (await (await post(handler, 'u1', { json: { channels: [inboxName] } })).json()) as AblyTokenRequest;
    expect(JSON.parse(own.capability)).toEqual({ [inboxName]: ['subscribe'] });
  });
});

describe('pusher: two private templates in the wrong order', () => {
  it('the endpoint is refused when built, so a plain team member never gets team:7:payroll signed', async () => {
    const { handler, refused } = buildEndpoint([teamRoom, payroll], pusher());
    const signatures: string[] = [];
    if (handler) {
      const response = await post(handler, 'pat', {
        form: { socket_id: '123.456', channel_name: pusherChannelName(payroll({ teamId: '7' })) },
      });
      if (response.ok) signatures.push(((await response.json()) as { auth: string }).auth);
    }
    expect(signatures).toEqual([]);
    expectRefusedNaming(refused, 'team:{teamId}:{room}', 'team:{teamId}:payroll');
  });

  it('in either order', () => {
    expectRefusedNaming(buildEndpoint([payroll, teamRoom], pusher()).refused, 'team:{teamId}:payroll', 'team:{teamId}:{room}');
  });
});

describe('socket-io hub: a public template listed before an owner-only one', () => {
  it('the hub is refused when built, so u2 never receives u1’s inbox', async () => {
    let refused: unknown;
    const received: unknown[] = [];
    let hub: Hub | undefined;
    try {
      hub = await startHub([feed, userInbox]);
    } catch (error) {
      refused = error;
    }
    if (hub) {
      const socket = await connect(hub, { id: 'u2' });
      socket.on('switchboard:message', (_channel: string, envelope: unknown) => received.push(envelope));
      const reply = await subscribe(socket, userInbox({ userId: 'u1' }).name);
      const publisher = socketIoPublisher({ hub });
      closers.push(() => publisher.close());
      await publisher.publish(userInbox({ userId: 'u1' }), 'note', { text: 'for u1 only', n: 1 });
      await quietPeriod(300);
      expect({ reply, received }).toEqual({ reply: { ok: false, code: 'FORBIDDEN' }, received: [] });
    }
    expectRefusedNaming(refused, 'user:{userId}:{feed}', 'user:{userId}:inbox');
  });

  it('with distinct templates the hub refuses u2 on u1’s inbox and lets u1 in (control)', async () => {
    const hub = await startHub([renamedFeed, userInbox]);
    const inboxName = userInbox({ userId: 'u1' }).name;
    expect(await subscribe(await connect(hub, { id: 'u2' }), inboxName)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await subscribe(await connect(hub, { id: 'u1' }), inboxName)).toMatchObject({ ok: true });
  });

  it('two private templates in the wrong order are refused too', async () => {
    expectRefusedNaming(
      await startHub([teamRoom, payroll]).catch((error: unknown) => error),
      'team:{teamId}:{room}',
      'team:{teamId}:payroll',
    );
  });
});

// ---- Property: random template sets and names, on every provider ----

const segment = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom('a', 'b', 'ab', 'x1') },
  { weight: 3, arbitrary: fc.constantFrom('', 'a', 'b').map((prefix) => `${prefix}{P}`) },
);
const templateArbitrary = fc.array(segment, { minLength: 1, maxLength: 3 }).map((segments) => {
  let index = 0;
  return segments.map((text) => text.replace('{P}', () => `{p${index++}}`)).join(':');
});
const definitionArbitrary = fc.record({
  template: templateArbitrary,
  access: fc.constantFrom('public' as const, 'private' as const),
  allowed: fc.boolean(),
});
const paramValue = fc.constantFrom('a', 'b', 'ab', 'x1', 'u1', 'aa', 'ba');

interface Scenario {
  definitions: AnyChannelDefinition[];
  verdicts: Map<AnyChannelDefinition, boolean>;
  rules: AccessRules;
  names: string[];
}

const scenarioArbitrary = fc
  .uniqueArray(definitionArbitrary, { minLength: 1, maxLength: 4, selector: (definition) => definition.template })
  .chain((specs) => {
    const definitions = specs.map(({ template, access }) => defineChannel(template, { access, events }) as AnyChannelDefinition);
    const instance = fc
      .tuple(fc.nat({ max: definitions.length - 1 }), fc.array(paramValue, { minLength: 3, maxLength: 3 }))
      .map(([index, values]) => {
        const definition = definitions[index] as AnyChannelDefinition;
        return definition(Object.fromEntries(definition.paramNames.map((param, position) => [param, values[position]])) as never).name;
      });
    const stray = fc
      .array(fc.constantFrom('a', 'b', 'ab', 'x1', 'u1', '*', ''), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join(':'));
    return fc.record({
      specs: fc.constant(specs),
      definitions: fc.constant(definitions),
      names: fc.uniqueArray(fc.oneof({ weight: 4, arbitrary: instance }, { weight: 1, arbitrary: stray }), { minLength: 1, maxLength: 6 }),
    });
  })
  .map(({ specs, definitions, names }): Scenario => {
    const verdicts = new Map(definitions.map((definition, index) => [definition, specs[index]?.allowed ?? false]));
    const rules = definitions.map((definition) => allow(definition, () => verdicts.get(definition) ?? false));
    return { definitions, verdicts, rules, names };
  });

/** What the spec demands for `name`: granted only when exactly one definition matches and its rule allows. */
function expected(scenario: Scenario, name: string, requireAccess?: 'private') {
  const matches = scenario.definitions.filter((definition) => parseChannelName(definition, name) !== undefined);
  const [only] = matches;
  if (matches.length !== 1 || !only) return { granted: false, matches };
  return { granted: scenario.verdicts.get(only) === true && (requireAccess === undefined || only.access === requireAccess), matches };
}

/** A refused build must name a real overlap: two templates that both parse its example name. */
function expectGenuineOverlap(scenario: Scenario, refused: unknown): void {
  expect(RealtimeError.isInstance(refused, 'CONFIG')).toBe(true);
  const example = String((refused as RealtimeError).details?.example);
  expect(scenario.definitions.filter((definition) => parseChannelName(definition, example) !== undefined).length).toBeGreaterThanOrEqual(2);
}

describe('property: a credential is granted only when exactly one definition matches and its rule allows', () => {
  it('ably capabilities', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        const { handler, refused } = buildEndpoint(scenario.definitions, ably(), scenario.rules);
        if (!handler) return expectGenuineOverlap(scenario, refused);
        for (const name of scenario.names) {
          const { granted, matches } = expected(scenario, name);
          expect(matches.length).toBeLessThanOrEqual(1);
          const response = await post(handler, 'u1', { json: { channels: [name] } });
          expect({ name, granted: response.status === 200 }).toEqual({ name, granted });
          if (granted) expect(Object.keys(JSON.parse(((await response.json()) as AblyTokenRequest).capability))).toEqual([name]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('pusher signatures', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        const { handler, refused } = buildEndpoint(scenario.definitions, pusher(), scenario.rules);
        if (!handler) return expectGenuineOverlap(scenario, refused);
        for (const name of scenario.names) {
          const { granted, matches } = expected(scenario, name, 'private');
          expect(matches.length).toBeLessThanOrEqual(1);
          let channelName: string;
          try {
            channelName = toPusherChannelName(name, 'private');
          } catch {
            continue; // a name Pusher cannot carry is never asked for
          }
          const response = await post(handler, 'u1', { form: { socket_id: '123.456', channel_name: channelName } });
          expect({ name, granted: response.status === 200 }).toEqual({ name, granted });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('hub subscriptions (real hub, real socket.io-client)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async (scenario) => {
        let hub: Hub;
        try {
          hub = createHub({ channels: scenario.definitions, rules: scenario.rules, secret: HUB_SECRET, host: '127.0.0.1', port: 0 });
        } catch (refused) {
          return expectGenuineOverlap(scenario, refused);
        }
        try {
          await hub.listen();
          const socket = await connect(hub, { id: 'u1' });
          for (const name of scenario.names) {
            const { granted, matches } = expected(scenario, name);
            expect(matches.length).toBeLessThanOrEqual(1);
            const reply = await subscribe(socket, name);
            expect({ name, granted: reply.ok }).toEqual({ name, granted });
          }
          socket.disconnect();
        } finally {
          await hub.close();
        }
      }),
      { numRuns: 30 },
    );
  });
});
