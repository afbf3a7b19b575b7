// @vitest-environment node
import { MemoryHub, memorySubscriber } from '@switchboard/core/memory';
import { describe, expect, it, vi } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createSwitchboard, type SwitchboardSource, useConnectionState, useEvent, usePresence } from '../src/index.js';
import { progress, room } from './fixtures.js';

const Page = defineComponent(() => {
  const state = useConnectionState();
  const lesson = useEvent(progress({ userId: 1 }), 'lesson:updated', () => {});
  const presence = usePresence(room({ roomId: 'r' }), { data: { name: 'Ada' } });
  return () => h('p', `${state.value} ${lesson.value.status} ${presence.value.status} ${presence.value.members.length}`);
});

const render = (source: SwitchboardSource) => renderToString(createSSRApp(Page).use(createSwitchboard(source)));

describe('server rendering (Nuxt)', () => {
  it('renders with options without creating a subscriber or a connection', async () => {
    const hub = new MemoryHub();
    const html = await render({ options: { provider: 'memory', hub, user: { id: 'ada' } } });
    expect(html).toContain('idle idle idle 0');
    expect(hub.connectionCountNow()).toBe(0);
    expect(hub.subscriptionCount()).toBe(0);
  });

  it('renders with a given subscriber without subscribing, entering presence or connecting', async () => {
    const hub = new MemoryHub();
    const subscriber = memorySubscriber({ hub, user: { id: 'ada' } });
    const subscribe = vi.spyOn(subscriber, 'subscribe');
    const presence = vi.spyOn(subscriber, 'presence');
    const html = await render({ subscriber });
    expect(html).toContain('idle idle idle 0');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(subscribe).not.toHaveBeenCalled();
    expect(presence).not.toHaveBeenCalled();
    expect(subscriber.state).toBe('idle');
    expect(hub.connectionCountNow()).toBe(0);
  });
});
