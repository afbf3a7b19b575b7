import type { ConnectionState } from '@switchboard/core';
import { MemoryHub } from '@switchboard/core/memory';
import { act, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { RealtimeProvider, useConnectionState, useEvent } from '../src/index.js';
import { progress, renderWith, setup } from './fixtures.js';

function Status({ history, listen }: { history: ConnectionState[]; listen: boolean }) {
  const state = useConnectionState();
  if (history.at(-1) !== state) history.push(state);
  const [lessons, setLessons] = useState(0);
  useEvent(progress({ userId: 1 }), 'lesson:updated', () => setLessons((count) => count + 1), { enabled: listen });
  return (
    <p data-testid="status">
      {state} {lessons}
    </p>
  );
}

describe('useConnectionState', () => {
  it('is idle until the first subscription, then follows the connection through a drop and close', async () => {
    const { hub, subscriber, publisher } = setup();
    const history: ConnectionState[] = [];
    const view = renderWith(subscriber, <Status history={history} listen={false} />);
    expect(screen.getByTestId('status').textContent).toBe('idle 0');
    expect(hub.connectionCountNow()).toBe(0);

    view.rerenderWith(<Status history={history} listen />);
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected 0'));

    await act(() => hub.dropConnections({ downForMs: 50 }));
    expect(screen.getByTestId('status').textContent).toBe('reconnecting 0');
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected 1'));

    await act(() => subscriber.close());
    expect(screen.getByTestId('status').textContent).toBe('closed 1');
    // 'connecting' may be too brief to render; every other step must show, in order.
    expect(history.filter((state) => state !== 'connecting')).toEqual(['idle', 'connected', 'reconnecting', 'connected', 'closed']);
  });
});

describe('RealtimeProvider', () => {
  it('creates its subscriber from options on the client, connects on the first subscription and closes on unmount', async () => {
    const hub = new MemoryHub();
    const history: ConnectionState[] = [];
    const view = render(
      <RealtimeProvider options={{ provider: 'memory', hub, user: { id: 'ada' } }}>
        <Status history={history} listen />
      </RealtimeProvider>,
    );
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected 0'));
    expect(hub.connectionCountNow()).toBe(1);
    view.unmount();
    await waitFor(() => expect(hub.connectionCountNow()).toBe(0));
  });

  it('opens exactly one connection from options under StrictMode', async () => {
    const hub = new MemoryHub();
    const history: ConnectionState[] = [];
    const view = render(
      <StrictMode>
        <RealtimeProvider options={{ provider: 'memory', hub, user: { id: 'ada' } }}>
          <Status history={history} listen />
        </RealtimeProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('connected 0'));
    expect(hub.connectionCountNow()).toBe(1);
    expect(hub.subscriptionCount()).toBe(1);
    view.unmount();
    await waitFor(() => expect(hub.connectionCountNow()).toBe(0));
  });

  it('fails clearly when a hook has no provider', () => {
    function Orphan() {
      useConnectionState();
      return null;
    }
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(() => render(<Orphan />)).toThrow(/inside <RealtimeProvider>/);
    } finally {
      console.error = quiet;
    }
  });
});
