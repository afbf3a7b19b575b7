import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import Feed from './components/Feed.svelte';
import Host from './components/Host.svelte';
import Room from './components/Room.svelte';
import { graceless, mountComponent, observer, type Setup, setup } from './fixtures.js';

type HostExports = { set(items: Record<string, unknown>[]): void };
const wait = { timeout: 20_000, interval: 10 };
const text = (root: HTMLElement, selector: string) => root.querySelector(selector)?.textContent;

const rooms = (subscriber: Setup['subscriber'], items: Record<string, unknown>[]) =>
  mountComponent<HostExports>(Host, { source: { subscriber }, component: Room, items });

describe('usePresence', () => {
  it('enters on mount, lists members as others come and go, and leaves and detaches on destroy', async () => {
    const { hub, subscriber, calls } = setup({ id: 'ada' }, graceless);
    const bob = observer(hub);
    await bob.presence.members();
    const view = rooms(subscriber, [{}]);
    await vi.waitFor(() => expect(text(view.root, '.self')).toBe('self Ada'), wait);
    await bob.presence.enter({ name: 'Bob' });
    await vi.waitFor(() => expect(text(view.root, '.members')).toBe('Ada, Bob'), wait);
    expect(bob.events.filter((event) => event.includes(' ada '))).toEqual(['join ada Ada']);

    view.unmount();
    await vi.waitFor(() => expect(bob.events).toContain('leave ada Ada'), wait);
    await vi.waitFor(() => expect(calls).toEqual(['attach room:r', 'detach room:r']), wait);
    expect(hub.presenceMembers('room:r').map((member) => member.userId)).toEqual(['bob']);
    await bob.subscriber.close();
  });

  it('stays present while a second component holds presence, and leaves with the last one', async () => {
    const { hub, subscriber } = setup({ id: 'ada' }, graceless);
    const bob = observer(hub);
    await bob.presence.members();
    const view = rooms(subscriber, [{}, {}]);
    await vi.waitFor(() => expect(bob.events).toEqual(['join ada Ada']), wait);
    view.exports.set([{}]);
    flushSync();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bob.events).toEqual(['join ada Ada']);
    view.exports.set([]);
    flushSync();
    await vi.waitFor(() => expect(bob.events).toEqual(['join ada Ada', 'leave ada Ada']), wait);
    view.unmount();
    await bob.subscriber.close();
  });

  it('updates its presence data when a prop read by the data getter changes, once per distinct value', async () => {
    const { hub, subscriber } = setup({ id: 'ada' }, graceless);
    const bob = observer(hub);
    const view = rooms(subscriber, [{ name: 'Ada' }]);
    await vi.waitFor(() => expect(bob.events).toContain('join ada Ada'), wait);
    view.exports.set([{ name: 'Ada Lovelace' }]);
    flushSync();
    await vi.waitFor(() => expect(bob.events).toContain('update ada Ada Lovelace'), wait);
    await vi.waitFor(() => expect(text(view.root, '.self')).toBe('self Ada Lovelace'), wait);
    view.exports.set([{ name: 'Ada Lovelace' }]);
    flushSync();
    await bob.presence.enter({ name: 'Bob' });
    await vi.waitFor(() => expect(text(view.root, '.members')).toBe('Ada Lovelace, Bob'), wait);
    expect(bob.events.filter((event) => event.startsWith('update ada'))).toHaveLength(1);
    view.unmount();
    await bob.subscriber.close();
  });

  it('watches without entering when no data is given', async () => {
    const { hub, subscriber } = setup({ id: 'ada' }, graceless);
    const bob = observer(hub);
    await bob.presence.enter({ name: 'Bob' });
    const view = rooms(subscriber, [{ watchOnly: true }]);
    await vi.waitFor(() => expect(text(view.root, '.members')).toBe('Bob'), wait);
    expect(text(view.root, '.self')).toBe('absent');
    expect(hub.presenceMembers('room:r').map((member) => member.userId)).toEqual(['bob']);
    view.unmount();
    await bob.subscriber.close();
  });

  it('reports a channel that is not a presence channel', async () => {
    const { subscriber } = setup();
    const view = mountComponent(Host, { source: { subscriber }, component: Feed, items: [{ log: [] }] });
    await vi.waitFor(() => expect(view.root.querySelector<HTMLElement>('.presence')?.dataset.status).toBe('error'), wait);
    expect(text(view.root, '.presence')).toBe('INVALID_CHANNEL');
    view.unmount();
  });
});
