// @vitest-environment node
import { MemoryHub, memorySubscriber } from '@switchboard/core/memory';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { RealtimeProvider, useConnectionState, useEvent, usePresence } from '../src/index.js';
import { progress, room } from './fixtures.js';

function Page() {
  const state = useConnectionState();
  const lesson = useEvent(progress({ userId: 1 }), 'lesson:updated', () => {});
  const presence = usePresence(room({ roomId: 'r' }), { data: { name: 'Ada' } });
  return <p>{`${state} ${lesson.status} ${presence.status} ${presence.members.length}`}</p>;
}

describe('server rendering', () => {
  it('renders a provider built from options without creating a connection', () => {
    const hub = new MemoryHub();
    const html = renderToString(
      <RealtimeProvider options={{ provider: 'memory', hub, user: { id: 'ada' } }}>
        <Page />
      </RealtimeProvider>,
    );
    expect(html).toContain('idle idle idle 0');
    expect(hub.connectionCountNow()).toBe(0);
    expect(hub.subscriptionCount()).toBe(0);
  });

  it('renders with a given subscriber without subscribing or connecting', async () => {
    const hub = new MemoryHub();
    const subscriber = memorySubscriber({ hub, user: { id: 'ada' } });
    const subscribe = vi.spyOn(subscriber, 'subscribe');
    const presence = vi.spyOn(subscriber, 'presence');
    const html = renderToString(
      <RealtimeProvider subscriber={subscriber}>
        <Page />
      </RealtimeProvider>,
    );
    expect(html).toContain('idle');
    await Promise.resolve();
    expect(subscribe).not.toHaveBeenCalled();
    expect(presence).not.toHaveBeenCalled();
    expect(subscriber.state).toBe('idle');
    expect(hub.connectionCountNow()).toBe(0);
  });
});
