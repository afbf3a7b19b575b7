/**
 * React across a live provider switch: a component keeps its subscription (no remount, no second
 * subscribe) while the server moves the subscriber from one provider to another, and the connection
 * state it renders never leaves `connected`. Two memory hubs stand for the two providers.
 */
import { createPublisherFromTransport, createSubscriber, type ProviderChange, type SubscriberAdapterLoaders } from '@switchboard/core';
import { createAuthHandler } from '@switchboard/core/auth';
import { createPublisherTransport, createSubscriberTransport, MemoryHub } from '@switchboard/core/memory';
import { createProviderSwitch, providerAnnouncements } from '@switchboard/core/server';
import { screen, waitFor } from '@testing-library/react';
import { useEffect, useRef, useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useConnectionState, useEvent } from '../src/index.js';
import { progress, renderWith } from './fixtures.js';

const authorizer = (provider: 'memory' | 'ably') => ({ provider, publicConfig: () => ({}), authorize: async () => ({}) });

function Lesson({ onMount, states }: { onMount: () => void; states: string[] }) {
  const [text, setText] = useState('none');
  const [via, setVia] = useState('');
  const mounted = useRef(false);
  useEffect(() => {
    if (!mounted.current) onMount();
    mounted.current = true;
  }, [onMount]);
  const state = useConnectionState();
  states.push(state);
  const { status } = useEvent(progress({ userId: 1 }), 'lesson:updated', (lesson, meta) => {
    setText(`lesson ${lesson.lessonId}`);
    setVia(meta.provider ?? '');
  });
  return (
    <p data-testid="lesson" data-status={status} data-via={via}>
      {text}
    </p>
  );
}

describe('React hooks across a live provider switch', () => {
  it('keep their subscription without remounting and show one continuous connection', async () => {
    const hubs = { memory: new MemoryHub(), ably: new MemoryHub() };
    const providerSwitch = createProviderSwitch({
      providers: {
        memory: { authorizer: authorizer('memory'), publisher: createPublisherTransport({ hub: hubs.memory }) },
        ably: { authorizer: authorizer('ably'), publisher: createPublisherTransport({ hub: hubs.ably }) },
      },
      current: 'memory',
    });
    const handler = createAuthHandler({
      authenticate: () => ({ id: 'ada' }),
      channels: [progress, providerAnnouncements],
      authorizer: providerSwitch.authorizer,
    });
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) =>
      handler(new Request(new URL(String(input), 'http://app.test'), init))) as typeof globalThis.fetch;
    const moduleOn = (hub: MemoryHub) => async () => ({ createSubscriberTransport: () => createSubscriberTransport({ hub }) });
    const adapters: SubscriberAdapterLoaders = { memory: moduleOn(hubs.memory), ably: moduleOn(hubs.ably) };
    const changes: ProviderChange[] = [];
    const subscriber = createSubscriber({ authEndpoint: '/rt', fetch, adapters, onProviderChange: (change) => changes.push(change) });
    const subscribe = vi.spyOn(subscriber, 'subscribe');
    const publisher = createPublisherFromTransport(providerSwitch.transport);
    const onMount = vi.fn();
    const states: string[] = [];
    renderWith(subscriber, <Lesson onMount={onMount} states={states} />);
    await waitFor(() => expect(screen.getByTestId('lesson').dataset.status).toBe('subscribed'));
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: false });
    expect(await screen.findByText('lesson 1')).toBeTruthy();

    await providerSwitch.switchTo('ably');
    await waitFor(() => expect(changes).toHaveLength(1));
    expect(changes[0]?.error).toBeUndefined();
    // The migration window is open: both providers carry this one, the component sees it once.
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 2, done: false });
    expect(await screen.findByText('lesson 2')).toBeTruthy();
    // After the drain the old connection is closed: delivery now comes only from the new provider.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(hubs.memory.connectionCountNow()).toBe(0);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 3, done: false });
    expect(await screen.findByText('lesson 3')).toBeTruthy();

    expect(onMount).toHaveBeenCalledTimes(1);
    expect(subscribe).toHaveBeenCalledTimes(1);
    const afterConnect = states.slice(states.indexOf('connected'));
    expect(afterConnect.every((state) => state === 'connected')).toBe(true);
    await subscriber.close();
    await publisher.close();
  });
});
