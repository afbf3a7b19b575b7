import type { MessageMeta } from '@switchboard/core/client';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h, reactive, ref } from 'vue';
import { useChannel, useConnectionState, useEvent } from '../src/index.js';
import { mountWith, progress, secrets, setup } from './fixtures.js';

const wait = { timeout: 20_000, interval: 10 };
const statusOf = (root: HTMLElement) => root.querySelector<HTMLElement>('[data-status]')?.dataset.status;

describe('useEvent', () => {
  it('delivers typed data and meta to the handler', async () => {
    const { subscriber, publisher } = setup();
    const seen: string[] = [];
    const onMeta = vi.fn<(meta: MessageMeta<'lesson:updated'>) => void>();
    const Lesson = defineComponent(() => {
      const state = useEvent(progress({ userId: 1 }), 'lesson:updated', (lesson, meta) => {
        seen.push(`${lesson.lessonId} ${lesson.done}`);
        onMeta(meta);
      });
      return () => h('p', { 'data-status': state.value.status });
    });
    const view = mountWith({ subscriber }, Lesson);
    await vi.waitFor(() => expect(statusOf(view.root)).toBe('subscribed'), wait);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 7, done: true });
    await vi.waitFor(() => expect(seen).toEqual(['7 true']), wait);
    expect(onMeta).toHaveBeenCalledWith(expect.objectContaining({ event: 'lesson:updated', channel: 'progress:user:1', recovered: false }));
    view.unmount();
  });

  it('holds no subscription while enabled is false, and subscribes once it turns true', async () => {
    const { hub, subscriber, publisher } = setup();
    const enabled = ref(false);
    const seen: number[] = [];
    const Lesson = defineComponent(() => {
      const state = useEvent(progress({ userId: 1 }), 'lesson:updated', (lesson) => seen.push(lesson.lessonId), { enabled });
      return () => h('p', { 'data-status': state.value.status });
    });
    const view = mountWith({ subscriber }, Lesson);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(statusOf(view.root)).toBe('idle');
    expect(hub.connectionCountNow()).toBe(0);
    enabled.value = true;
    await vi.waitFor(() => expect(statusOf(view.root)).toBe('subscribed'), wait);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 4, done: false });
    await vi.waitFor(() => expect(seen).toEqual([4]), wait);
    enabled.value = false;
    await vi.waitFor(() => expect(hub.subscriptionCount()).toBe(0), wait);
    expect(statusOf(view.root)).toBe('idle');
    view.unmount();
  });

  it('keeps the channel attached when the event name changes', async () => {
    const { subscriber, publisher, calls } = setup();
    const event = ref<'lesson:updated' | 'deleted'>('lesson:updated');
    const seen: string[] = [];
    const Switcher = defineComponent(() => {
      const state = useEvent(progress({ userId: 1 }), event, (_data, meta) => seen.push(meta.event));
      return () => h('p', { 'data-status': state.value.status });
    });
    const view = mountWith({ subscriber }, Switcher);
    await vi.waitFor(() => expect(statusOf(view.root)).toBe('subscribed'), wait);
    event.value = 'deleted';
    await vi.waitFor(() => expect(statusOf(view.root)).toBe('subscribed'), wait);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await publisher.publish(progress({ userId: 1 }), 'deleted', { id: 'x' });
    await vi.waitFor(() => expect(seen).toEqual(['deleted']), wait);
    expect(calls).toEqual(['attach progress:user:1']);
    view.unmount();
  });

  it('reports a refused subscription in its status', async () => {
    const { subscriber } = setup();
    const Secret = defineComponent(() => {
      const state = useEvent(secrets({ id: 'x' }), 'deleted', () => {});
      return () => h('p', { 'data-status': state.value.status }, state.value.error?.code);
    });
    const view = mountWith({ subscriber }, Secret);
    await vi.waitFor(() => expect(statusOf(view.root)).toBe('error'), wait);
    expect(view.root.textContent).toBe('FORBIDDEN');
    view.unmount();
  });
});

describe('useChannel', () => {
  it('routes each event to its handler through one subscription, following a reactive handlers object', async () => {
    const { hub, subscriber, publisher } = setup();
    const subscribe = vi.spyOn(subscriber, 'subscribe');
    const log: string[] = [];
    const handlers = reactive<Parameters<typeof useChannel<ReturnType<typeof progress>>>[1]>({
      'lesson:updated': (lesson) => log.push(`lesson ${lesson.lessonId}`),
    });
    const Feed = defineComponent(() => {
      const state = useChannel(progress({ userId: 1 }), handlers);
      return () => h('p', { 'data-status': state.value.status });
    });
    const view = mountWith({ subscriber }, Feed);
    await vi.waitFor(() => expect(statusOf(view.root)).toBe('subscribed'), wait);
    await publisher.publish(progress({ userId: 1 }), 'deleted', { id: 'ignored' });
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await vi.waitFor(() => expect(log).toEqual(['lesson 1']), wait);
    handlers.deleted = ({ id }) => log.push(`deleted ${id}`);
    await publisher.publish(progress({ userId: 1 }), 'deleted', { id: 'd1' });
    await vi.waitFor(() => expect(log).toEqual(['lesson 1', 'deleted d1']), wait);
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(hub.subscriptionCount()).toBe(1);
    view.unmount();
  });
});

describe('useConnectionState', () => {
  it('is idle until something subscribes, then follows the connection', async () => {
    const { hub, subscriber } = setup();
    const subscribed = ref(false);
    const Badge = defineComponent(() => {
      const state = useConnectionState();
      useEvent(progress({ userId: 1 }), 'deleted', () => {}, { enabled: subscribed });
      return () => h('p', state.value);
    });
    const view = mountWith({ subscriber }, Badge);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(view.root.textContent).toBe('idle');
    subscribed.value = true;
    await vi.waitFor(() => expect(view.root.textContent).toBe('connected'), wait);
    await hub.dropConnections({ recover: true });
    await vi.waitFor(() => expect(view.root.textContent).toBe('connected'), wait);
    view.unmount();
  });
});
