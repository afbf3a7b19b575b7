import { MemoryHub } from '@switchboard/core/memory';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { useEvent } from '../src/index.js';
import { Counter } from './components.js';
import { mountWith, progress, setup } from './fixtures.js';

const statuses = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>('[data-status]')].map((node) => node.dataset.status);
const wait = { timeout: 30_000, interval: 10 };

describe('lifecycles', () => {
  it('leaves no subscription, state listener or connection after mounting and unmounting 1,000 components', async () => {
    const { hub, subscriber, publisher, calls, stateListeners } = setup();
    const Many = defineComponent(() => () => Array.from({ length: 1000 }, (_, index) => h(Counter, { key: index, userId: index % 10 })));
    const view = mountWith({ subscriber }, Many);
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

  it('closes the connection it created from options when the app unmounts, after 1,000 components came and went', async () => {
    const hub = new MemoryHub();
    const show = ref(true);
    const Many = defineComponent(
      () => () => (show.value ? Array.from({ length: 1000 }, (_, index) => h(Counter, { key: index, userId: index % 10 })) : null),
    );
    const view = mountWith({ options: { provider: 'memory', hub, user: { id: 'ada' } } }, Many);
    await vi.waitFor(() => expect(statuses(view.root).every((status) => status === 'subscribed')).toBe(true), wait);
    expect(hub.connectionCountNow()).toBe(1);
    show.value = false;
    await vi.waitFor(() => expect(hub.subscriptionCount()).toBe(0), wait);
    view.unmount();
    await vi.waitFor(() => expect(hub.connectionCountNow()).toBe(0), wait);
  }, 90_000);

  it('counts two components on one channel once, and releases it with the last', async () => {
    const { hub, subscriber, publisher, calls } = setup();
    const both = ref(true);
    const Pair = defineComponent(() => () => [
      h(Counter, { userId: 1, label: 'stays' }),
      both.value ? h(Counter, { userId: 1, label: 'goes' }) : null,
    ]);
    const view = mountWith({ subscriber }, Pair);
    await vi.waitFor(() => expect(statuses(view.root)).toEqual(['subscribed', 'subscribed']), wait);
    expect(hub.subscriptionCount()).toBe(1);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await vi.waitFor(() => expect([...view.root.querySelectorAll('p')].map((node) => node.textContent)).toEqual(['1', '1']), wait);

    both.value = false;
    await nextTick();
    await Promise.resolve();
    expect(hub.subscriptionCount()).toBe(1);
    expect(calls).toEqual(['attach progress:user:1']);
    view.unmount();
    await vi.waitFor(() => expect(calls).toEqual(['attach progress:user:1', 'detach progress:user:1']), wait);
  });

  it('moves to the new channel when a reactive param changes, attaching it before releasing the old one', async () => {
    const { hub, subscriber, publisher, calls } = setup();
    const userId = ref(1);
    const view = mountWith(
      { subscriber },
      defineComponent(() => () => h(Counter, { userId: userId.value })),
    );
    await vi.waitFor(() => expect(statuses(view.root)).toEqual(['subscribed']), wait);
    userId.value = 2;
    await vi.waitFor(() => expect(calls).toEqual(['attach progress:user:1', 'attach progress:user:2', 'detach progress:user:1']), wait);
    expect(hub.subscriptionCount()).toBe(1);
    expect(statuses(view.root)).toEqual(['subscribed']);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await publisher.publish(progress({ userId: 2 }), 'lesson:updated', { lessonId: 2, done: true });
    await vi.waitFor(() => expect(view.root.textContent).toBe('1'), wait);
    view.unmount();
  });

  it('ignores a subscription that settles after its params changed, and ends on the new channel', async () => {
    const { hub, subscriber, publisher, calls, gate } = setup({ id: 'ada' }, {}, true);
    const userId = ref(1);
    const handled: number[] = [];
    const Lesson = defineComponent(() => {
      const state = useEvent(
        () => progress({ userId: userId.value }),
        'lesson:updated',
        (lesson) => handled.push(lesson.lessonId),
      );
      return () => h('p', { 'data-status': state.value.status, 'data-error': state.value.error?.code ?? '' });
    });
    const view = mountWith({ subscriber }, Lesson);
    await vi.waitFor(() => expect(calls).toEqual(['attach progress:user:1']), wait);
    expect(statuses(view.root)).toEqual(['pending']);

    userId.value = 2;
    await vi.waitFor(() => expect(calls).toEqual(['attach progress:user:1', 'attach progress:user:2']), wait);
    gate?.release('progress:user:2');
    await vi.waitFor(() => expect(statuses(view.root)).toEqual(['subscribed']), wait);
    // The first channel is refused only now: that answer belongs to params no longer shown.
    gate?.refuse('progress:user:1', new Error('refused late'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await nextTick();
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
