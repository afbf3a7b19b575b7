import { MemoryHub } from '@switchboard/core/memory';
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import Counter from './components/Counter.svelte';
import Host from './components/Host.svelte';
import Lesson from './components/Lesson.svelte';
import { mountComponent, progress, setup } from './fixtures.js';

type HostExports = { set(items: Record<string, unknown>[]): void };
const statuses = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>('[data-status]')].map((node) => node.dataset.status);
const wait = { timeout: 30_000, interval: 10 };
const thousand = Array.from({ length: 1000 }, (_, index) => ({ userId: index % 10, label: `counter-${index}` }));

describe('lifecycles', () => {
  it('leaves no subscription, state listener or connection after mounting and unmounting 1,000 components', async () => {
    const { hub, subscriber, publisher, calls, stateListeners } = setup();
    const view = mountComponent<HostExports>(Host, { source: { subscriber }, component: Counter, items: thousand });
    await vi.waitFor(() => expect(statuses(view.root).every((status) => status === 'subscribed')).toBe(true), wait);
    expect(statuses(view.root)).toHaveLength(1000);
    expect(hub.subscriptionCount()).toBe(10);
    expect(stateListeners()).toBe(1000);
    await publisher.publish(progress({ userId: 3 }), 'lesson:updated', { lessonId: 1, done: true });
    await vi.waitFor(() => expect([...view.root.querySelectorAll('p')].filter((node) => node.textContent === '1')).toHaveLength(100), wait);

    view.unmount();
    await vi.waitFor(() => expect(hub.subscriptionCount()).toBe(0), wait);
    expect(stateListeners()).toBe(0);
    expect(calls.filter((call) => call.startsWith('attach'))).toHaveLength(10);
    expect(calls.filter((call) => call.startsWith('detach'))).toHaveLength(10);
    // A subscriber you pass in is yours: it stays open.
    expect(hub.connectionCountNow()).toBe(1);
    await subscriber.close();
  }, 90_000);

  it('closes the connection it created from options when the host is destroyed, after 1,000 components came and went', async () => {
    const hub = new MemoryHub();
    const view = mountComponent<HostExports>(Host, {
      source: { options: { provider: 'memory', hub, user: { id: 'ada' } } },
      component: Counter,
      items: thousand,
    });
    await vi.waitFor(() => expect(statuses(view.root).every((status) => status === 'subscribed')).toBe(true), wait);
    expect(hub.connectionCountNow()).toBe(1);
    view.exports.set([]);
    flushSync();
    await vi.waitFor(() => expect(hub.subscriptionCount()).toBe(0), wait);
    view.unmount();
    await vi.waitFor(() => expect(hub.connectionCountNow()).toBe(0), wait);
  }, 90_000);

  it('counts two components on one channel once, and releases it with the last', async () => {
    const { hub, subscriber, publisher, calls } = setup();
    const two = [
      { userId: 1, label: 'stays' },
      { userId: 1, label: 'goes' },
    ];
    const view = mountComponent<HostExports>(Host, { source: { subscriber }, component: Counter, items: two });
    await vi.waitFor(() => expect(statuses(view.root)).toEqual(['subscribed', 'subscribed']), wait);
    expect(hub.subscriptionCount()).toBe(1);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await vi.waitFor(() => expect([...view.root.querySelectorAll('p')].map((node) => node.textContent)).toEqual(['1', '1']), wait);

    view.exports.set(two.slice(0, 1));
    flushSync();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hub.subscriptionCount()).toBe(1);
    expect(calls).toEqual(['attach progress:user:1']);
    view.unmount();
    await vi.waitFor(() => expect(calls).toEqual(['attach progress:user:1', 'detach progress:user:1']), wait);
  });

  it('moves to the new channel when a prop read by a getter changes, attaching it before releasing the old one', async () => {
    const { hub, subscriber, publisher, calls } = setup();
    const view = mountComponent<HostExports>(Host, { source: { subscriber }, component: Counter, items: [{ userId: 1 }] });
    await vi.waitFor(() => expect(statuses(view.root)).toEqual(['subscribed']), wait);
    view.exports.set([{ userId: 2 }]);
    flushSync();
    await vi.waitFor(() => expect(calls).toEqual(['attach progress:user:1', 'attach progress:user:2', 'detach progress:user:1']), wait);
    await vi.waitFor(() => expect(statuses(view.root)).toEqual(['subscribed']), wait);
    expect(hub.subscriptionCount()).toBe(1);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await publisher.publish(progress({ userId: 2 }), 'lesson:updated', { lessonId: 2, done: true });
    await vi.waitFor(() => expect(view.root.textContent).toBe('1'), wait);
    view.unmount();
  });

  it('ignores a subscription that settles after its params changed, and ends on the new channel', async () => {
    const { hub, subscriber, publisher, calls, gate } = setup({ id: 'ada' }, {}, true);
    const handled: number[] = [];
    const onMessage = (data: unknown) => handled.push((data as { lessonId: number }).lessonId);
    const view = mountComponent<HostExports>(Host, {
      source: { subscriber },
      component: Lesson,
      items: [{ userId: 1, onMessage }],
    });
    await vi.waitFor(() => expect(calls).toEqual(['attach progress:user:1']), wait);
    expect(statuses(view.root)).toEqual(['pending']);

    view.exports.set([{ userId: 2, onMessage }]);
    flushSync();
    await vi.waitFor(() => expect(calls).toEqual(['attach progress:user:1', 'attach progress:user:2']), wait);
    gate?.release('progress:user:2');
    await vi.waitFor(() => expect(statuses(view.root)).toEqual(['subscribed']), wait);
    // The first channel is refused only now: that answer belongs to params no longer shown.
    gate?.refuse('progress:user:1', new Error('refused late'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    flushSync();
    expect(statuses(view.root)).toEqual(['subscribed']);
    expect(view.root.querySelector('p')?.dataset.error).toBe('');

    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await publisher.publish(progress({ userId: 2 }), 'lesson:updated', { lessonId: 2, done: true });
    await vi.waitFor(() => expect(handled).toEqual([2]), wait);
    expect(hub.subscriptionCount()).toBe(1);
    view.unmount();
    await vi.waitFor(() => expect(hub.subscriptionCount()).toBe(0), wait);
  });
});
