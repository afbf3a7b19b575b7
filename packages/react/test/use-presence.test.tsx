import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { usePresence } from '../src/index.js';
import { graceless, observer, renderWith, room, setup } from './fixtures.js';

function Room({ name, watchOnly }: { name?: string; watchOnly?: boolean }) {
  const { members, self, lastEvent, status } = usePresence(room({ roomId: 'r' }), {
    ...(watchOnly ? {} : { data: { name: name ?? 'Ada' } }),
    userId: 'ada',
  });
  return (
    <div data-testid="room" data-status={status}>
      <p data-testid="members">{members.map((member) => member.data.name).join(', ')}</p>
      <p data-testid="self">{self ? `self ${self.data.name}` : 'absent'}</p>
      <p data-testid="last">{lastEvent ? `${lastEvent.type} ${lastEvent.member.userId}` : 'none'}</p>
    </div>
  );
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe('usePresence', () => {
  it('enters with its data and lists members as others join and leave', async () => {
    const { hub, subscriber } = setup({ id: 'ada' }, graceless);
    renderWith(subscriber, <Room />);
    await waitFor(() => expect(text('self')).toBe('self Ada'));
    expect(text('members')).toBe('Ada');

    const bob = observer(hub);
    await bob.presence.enter({ name: 'Bob' });
    await waitFor(() => expect(text('members')).toBe('Ada, Bob'));
    expect(text('last')).toBe('join bob');
    await bob.presence.leave();
    await waitFor(() => expect(text('members')).toBe('Ada'));
    expect(text('last')).toBe('leave bob');
    await bob.subscriber.close();
  });

  it('updates its presence data when the data changes', async () => {
    const { hub, subscriber } = setup({ id: 'ada' }, graceless);
    const bob = observer(hub);
    const view = renderWith(subscriber, <Room name="Ada" />);
    await waitFor(() => expect(bob.events).toContain('join ada Ada'));
    view.rerenderWith(<Room name="Ada Lovelace" />);
    await waitFor(() => expect(bob.events).toContain('update ada Ada Lovelace'));
    await waitFor(() => expect(text('self')).toBe('self Ada Lovelace'));
    // A re-render with equal data is not another update.
    view.rerenderWith(<Room name="Ada Lovelace" />);
    await bob.presence.enter({ name: 'Bob' });
    await waitFor(() => expect(text('members')).toBe('Ada Lovelace, Bob'));
    expect(bob.events.filter((event) => event.startsWith('update ada'))).toHaveLength(1);
    await bob.subscriber.close();
  });

  it('watches without entering when no data is given', async () => {
    const { hub, subscriber } = setup({ id: 'ada' }, graceless);
    const bob = observer(hub);
    await bob.presence.enter({ name: 'Bob' });
    renderWith(subscriber, <Room watchOnly />);
    await waitFor(() => expect(text('members')).toBe('Bob'));
    expect(text('self')).toBe('absent');
    expect(hub.presenceMembers('room:r').map((member) => member.userId)).toEqual(['bob']);
    await bob.subscriber.close();
  });

  it('enters once under StrictMode and leaves and detaches on unmount', async () => {
    const { hub, subscriber, calls } = setup({ id: 'ada' }, graceless);
    const bob = observer(hub);
    await bob.presence.members();
    const view = renderWith(subscriber, <Room />, { strict: true });
    await waitFor(() => expect(text('self')).toBe('self Ada'));
    await bob.presence.enter({ name: 'Bob' });
    await waitFor(() => expect(text('members')).toBe('Ada, Bob'));
    expect(bob.events.filter((event) => event.includes(' ada '))).toEqual(['join ada Ada']);

    view.unmount();
    await waitFor(() => expect(bob.events).toContain('leave ada Ada'));
    await waitFor(() => expect(calls).toEqual(['attach room:r', 'detach room:r']));
    expect(hub.presenceMembers('room:r').map((member) => member.userId)).toEqual(['bob']);
    await bob.subscriber.close();
  });

  it('reports a channel that is not a presence channel', async () => {
    const { subscriber } = setup();
    const { progress } = await import('./fixtures.js');
    function NotARoom() {
      const { status, error } = usePresence(progress({ userId: 1 }));
      return (
        <p data-testid="room" data-status={status}>
          {error?.code}
        </p>
      );
    }
    renderWith(subscriber, <NotARoom />);
    await waitFor(() => expect(screen.getByTestId('room').dataset.status).toBe('error'));
    expect(text('room')).toBe('INVALID_CHANNEL');
  });
});
