import type { MessageMeta } from '@switchboard/core/client';
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import Counter from './components/Counter.svelte';
import Feed from './components/Feed.svelte';
import Host from './components/Host.svelte';
import Lesson from './components/Lesson.svelte';
import { mountComponent, progress, secrets, setup } from './fixtures.js';

type HostExports = { set(items: Record<string, unknown>[]): void };
const wait = { timeout: 20_000, interval: 10 };
const statusOf = (root: HTMLElement) => root.querySelector<HTMLElement>('[data-status]')?.dataset.status;

describe('useEvent', () => {
  it('delivers data and meta to the handler', async () => {
    const { subscriber, publisher } = setup();
    const onMessage = vi.fn<(data: unknown, meta: MessageMeta) => void>();
    const view = mountComponent(Host, { source: { subscriber }, component: Lesson, items: [{ userId: 1, onMessage }] });
    await vi.waitFor(() => expect(statusOf(view.root)).toBe('subscribed'), wait);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 7, done: true });
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalledTimes(1), wait);
    expect(onMessage).toHaveBeenCalledWith(
      { lessonId: 7, done: true },
      expect.objectContaining({ event: 'lesson:updated', channel: 'progress:user:1', recovered: false }),
    );
    view.unmount();
  });

  it('holds no subscription while enabled is false, and subscribes once it turns true', async () => {
    const { hub, subscriber, publisher } = setup();
    const onMessage = vi.fn();
    const view = mountComponent<HostExports>(Host, {
      source: { subscriber },
      component: Lesson,
      items: [{ userId: 1, enabled: false, onMessage }],
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(statusOf(view.root)).toBe('idle');
    expect(hub.connectionCountNow()).toBe(0);
    view.exports.set([{ userId: 1, enabled: true, onMessage }]);
    flushSync();
    await vi.waitFor(() => expect(statusOf(view.root)).toBe('subscribed'), wait);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 4, done: false });
    await vi.waitFor(() => expect(onMessage).toHaveBeenCalledTimes(1), wait);
    view.exports.set([{ userId: 1, enabled: false, onMessage }]);
    flushSync();
    await vi.waitFor(() => expect(hub.subscriptionCount()).toBe(0), wait);
    expect(statusOf(view.root)).toBe('idle');
    view.unmount();
  });

  it('keeps the channel attached when the event name changes', async () => {
    const { subscriber, publisher, calls } = setup();
    const seen: string[] = [];
    const onMessage = (_data: unknown, meta: MessageMeta) => seen.push(meta.event);
    const view = mountComponent<HostExports>(Host, {
      source: { subscriber },
      component: Lesson,
      items: [{ userId: 1, onMessage }],
    });
    await vi.waitFor(() => expect(statusOf(view.root)).toBe('subscribed'), wait);
    view.exports.set([{ userId: 1, event: 'deleted', onMessage }]);
    flushSync();
    await vi.waitFor(() => expect(statusOf(view.root)).toBe('subscribed'), wait);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await publisher.publish(progress({ userId: 1 }), 'deleted', { id: 'x' });
    await vi.waitFor(() => expect(seen).toEqual(['deleted']), wait);
    expect(calls).toEqual(['attach progress:user:1']);
    view.unmount();
  });

  it('reports a refused subscription in its status', async () => {
    const { subscriber } = setup();
    const secret = secrets({ id: 'x' });
    const Secret = (await import('./components/Secret.svelte')).default;
    const view = mountComponent(Host, { source: { subscriber }, component: Secret, items: [{ channel: secret }] });
    await vi.waitFor(() => expect(statusOf(view.root)).toBe('error'), wait);
    expect(view.root.textContent).toBe('FORBIDDEN');
    view.unmount();
  });
});

describe('useChannel', () => {
  it('routes each event to its handler through one subscription', async () => {
    const { hub, subscriber, publisher } = setup();
    const subscribe = vi.spyOn(subscriber, 'subscribe');
    const log: string[] = [];
    const view = mountComponent(Host, { source: { subscriber }, component: Feed, items: [{ log }] });
    await vi.waitFor(() => expect(view.root.querySelector<HTMLElement>('.feed')?.dataset.status).toBe('subscribed'), wait);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await publisher.publish(progress({ userId: 1 }), 'deleted', { id: 'd1' });
    await vi.waitFor(() => expect(log).toEqual(['lesson 1', 'deleted d1']), wait);
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(hub.subscriptionCount()).toBe(1);
    view.unmount();
  });
});

describe('useConnectionState', () => {
  it('follows the connection, through a reconnect', async () => {
    const { hub, subscriber } = setup();
    const view = mountComponent(Host, { source: { subscriber }, component: Counter, items: [{ userId: 1 }] });
    await vi.waitFor(() => expect(view.root.querySelector<HTMLElement>('p')?.dataset.connection).toBe('connected'), wait);
    await hub.dropConnections({ recover: true });
    await vi.waitFor(() => expect(view.root.querySelector<HTMLElement>('p')?.dataset.connection).toBe('connected'), wait);
    view.unmount();
  });
});
