import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h, ref } from 'vue';
import { usePresence } from '../src/index.js';
import { Room } from './components.js';
import { graceless, mountWith, observer, progress, setup } from './fixtures.js';

const wait = { timeout: 20_000, interval: 10 };
const text = (root: HTMLElement, selector: string) => root.querySelector(selector)?.textContent;

describe('usePresence', () => {
  it('enters on mount, lists members as others come and go, and leaves and detaches on unmount', async () => {
    const { hub, subscriber, calls } = setup({ id: 'ada' }, graceless);
    const bob = observer(hub);
    await bob.presence.members();
    const view = mountWith({ subscriber }, Room);
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
    const count = ref(2);
    const view = mountWith(
      { subscriber },
      defineComponent(() => () => Array.from({ length: count.value }, (_, index) => h(Room, { key: index }))),
    );
    await vi.waitFor(() => expect(bob.events).toEqual(['join ada Ada']), wait);
    count.value = 1;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(bob.events).toEqual(['join ada Ada']);
    count.value = 0;
    await vi.waitFor(() => expect(bob.events).toEqual(['join ada Ada', 'leave ada Ada']), wait);
    view.unmount();
    await bob.subscriber.close();
  });

  it('updates its presence data when reactive data changes, once per distinct value', async () => {
    const { hub, subscriber } = setup({ id: 'ada' }, graceless);
    const bob = observer(hub);
    const name = ref('Ada');
    const view = mountWith(
      { subscriber },
      defineComponent(() => () => h(Room, { name: name.value })),
    );
    await vi.waitFor(() => expect(bob.events).toContain('join ada Ada'), wait);
    name.value = 'Ada Lovelace';
    await vi.waitFor(() => expect(bob.events).toContain('update ada Ada Lovelace'), wait);
    await vi.waitFor(() => expect(text(view.root, '.self')).toBe('self Ada Lovelace'), wait);
    name.value = 'Ada Lovelace';
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
    const view = mountWith({ subscriber }, Room, { watchOnly: true });
    await vi.waitFor(() => expect(text(view.root, '.members')).toBe('Bob'), wait);
    expect(text(view.root, '.self')).toBe('absent');
    expect(hub.presenceMembers('room:r').map((member) => member.userId)).toEqual(['bob']);
    view.unmount();
    await bob.subscriber.close();
  });

  it('reports a channel that is not a presence channel', async () => {
    const { subscriber } = setup();
    const NotARoom = defineComponent(() => {
      const presence = usePresence(progress({ userId: 1 }));
      return () => h('p', { 'data-status': presence.value.status }, presence.value.error?.code);
    });
    const view = mountWith({ subscriber }, NotARoom);
    await vi.waitFor(() => expect(view.root.querySelector('p')?.dataset.status).toBe('error'), wait);
    expect(view.root.textContent).toBe('INVALID_CHANNEL');
    view.unmount();
  });
});
