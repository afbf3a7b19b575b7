// @vitest-environment node
import { MemoryHub, memorySubscriber } from '@switchboard/core/memory';
import { render } from 'svelte/server';
import { describe, expect, it, vi } from 'vitest';
import type { SwitchboardSource } from '../src/index.js';
import Host from './components/Host.svelte';
import Page from './components/Page.svelte';

const renderPage = (source: SwitchboardSource) => render(Host, { props: { source, component: Page, items: [{}] } }).body;

describe('server rendering (SvelteKit)', () => {
  it('renders with options without creating a subscriber or a connection', () => {
    const hub = new MemoryHub();
    const html = renderPage({ options: { provider: 'memory', hub, user: { id: 'ada' } } });
    expect(html).toContain('idle idle idle 0');
    expect(hub.connectionCountNow()).toBe(0);
    expect(hub.subscriptionCount()).toBe(0);
  });

  it('renders with a given subscriber without subscribing, entering presence or connecting', async () => {
    const hub = new MemoryHub();
    const subscriber = memorySubscriber({ hub, user: { id: 'ada' } });
    const subscribe = vi.spyOn(subscriber, 'subscribe');
    const presence = vi.spyOn(subscriber, 'presence');
    const html = renderPage({ subscriber });
    expect(html).toContain('idle idle idle 0');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(subscribe).not.toHaveBeenCalled();
    expect(presence).not.toHaveBeenCalled();
    expect(subscriber.state).toBe('idle');
    expect(hub.connectionCountNow()).toBe(0);
  });
});
