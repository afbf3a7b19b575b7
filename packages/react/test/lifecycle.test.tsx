import { screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useEvent } from '../src/index.js';
import { progress, renderWith, setup } from './fixtures.js';

function Counter({ userId, label, onLesson }: { userId: number; label: string; onLesson?: () => void }) {
  const [count, setCount] = useState(0);
  const { status } = useEvent(progress({ userId }), 'lesson:updated', () => {
    setCount((value) => value + 1);
    onLesson?.();
  });
  return (
    <p data-testid={label} data-status={status}>
      {count}
    </p>
  );
}

describe('lifecycles', () => {
  it('survives StrictMode: one attachment, each message handled once, released on unmount', async () => {
    const { hub, subscriber, publisher, calls } = setup();
    const onLesson = vi.fn();
    const view = renderWith(subscriber, <Counter userId={1} label="strict" onLesson={onLesson} />, { strict: true });
    await waitFor(() => expect(screen.getByTestId('strict').dataset.status).toBe('subscribed'));
    expect(hub.subscriptionCount()).toBe(1);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await waitFor(() => expect(screen.getByTestId('strict').textContent).toBe('1'));
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 2, done: true });
    await waitFor(() => expect(screen.getByTestId('strict').textContent).toBe('2'));
    expect(onLesson).toHaveBeenCalledTimes(2);
    expect(calls).toEqual(['attach progress:user:1']);

    view.unmount();
    await waitFor(() => expect(hub.subscriptionCount()).toBe(0));
    expect(calls).toEqual(['attach progress:user:1', 'detach progress:user:1']);
  });

  it('leaves zero provider subscriptions after mounting and unmounting 1,000 components', async () => {
    const { hub, subscriber, publisher, calls } = setup();
    const labels = Array.from({ length: 1000 }, (_, index) => index);
    const view = renderWith(
      subscriber,
      labels.map((index) => <Counter key={index} userId={index % 10} label={`counter-${index}`} />),
    );
    await waitFor(() => expect(screen.getAllByTestId(/^counter-/).every((node) => node.dataset.status === 'subscribed')).toBe(true), {
      timeout: 20_000,
    });
    expect(hub.subscriptionCount()).toBe(10);
    await publisher.publish(progress({ userId: 3 }), 'lesson:updated', { lessonId: 1, done: true });
    await waitFor(() => expect(screen.getAllByText('1')).toHaveLength(100), { timeout: 20_000 });

    view.unmount();
    await waitFor(() => expect(hub.subscriptionCount()).toBe(0), { timeout: 20_000 });
    expect(calls.filter((call) => call.startsWith('attach'))).toHaveLength(10);
    expect(calls.filter((call) => call.startsWith('detach'))).toHaveLength(10);
    expect(hub.connectionCountNow()).toBe(1);
  }, 60_000);

  it('releases the subscriptions of components removed while others stay', async () => {
    const { hub, subscriber } = setup();
    const view = renderWith(
      subscriber,
      <>
        <Counter userId={1} label="stays" />
        <Counter userId={1} label="goes" />
        <Counter userId={2} label="other" />
      </>,
    );
    await waitFor(() => expect(screen.getByTestId('other').dataset.status).toBe('subscribed'));
    expect(hub.subscriptionCount()).toBe(2);
    view.rerenderWith(<Counter userId={1} label="stays" />);
    await waitFor(() => expect(hub.subscriptionCount()).toBe(1));
    expect(screen.getByTestId('stays').dataset.status).toBe('subscribed');
  });
});
