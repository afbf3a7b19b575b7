import type { MessageMeta } from '@switchboard/core';
import { createSubscriberFromTransport } from '@switchboard/core';
import { createSubscriberTransport, MemoryHub } from '@switchboard/core/memory';
import { act, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useChannel, useEvent } from '../src/index.js';
import { progress, renderWith, secrets, setup } from './fixtures.js';

interface LessonProps {
  userId: number;
  label?: string;
  enabled?: boolean;
  onMeta?: (meta: MessageMeta<'lesson:updated'>) => void;
}

function Lesson({ userId, label = 'lesson', enabled, onMeta }: LessonProps) {
  const [text, setText] = useState('none');
  const { status } = useEvent(
    progress({ userId }),
    'lesson:updated',
    (lesson, meta) => {
      setText(`${label} ${lesson.lessonId} ${lesson.done ? 'done' : 'open'}`);
      onMeta?.(meta);
    },
    { enabled },
  );
  return (
    <p data-testid={`lesson-${label}`} data-status={status}>
      {text}
    </p>
  );
}

const statusOf = (label = 'lesson') => screen.getByTestId(`lesson-${label}`).dataset.status;

describe('useEvent', () => {
  it('delivers typed data and meta to the handler', async () => {
    const { subscriber, publisher } = setup();
    const onMeta = vi.fn();
    renderWith(subscriber, <Lesson userId={1} onMeta={onMeta} />);
    await waitFor(() => expect(statusOf()).toBe('subscribed'));
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 7, done: true });
    expect(await screen.findByText('lesson 7 done')).toBeTruthy();
    expect(onMeta).toHaveBeenCalledWith(expect.objectContaining({ event: 'lesson:updated', channel: 'progress:user:1', recovered: false }));
  });

  it('shares one provider subscription among every component on the channel', async () => {
    const { hub, subscriber, publisher, calls } = setup();
    const labels = ['a', 'b', 'c', 'd', 'e'];
    renderWith(
      subscriber,
      labels.map((label) => <Lesson key={label} userId={1} label={label} />),
    );
    await waitFor(() => expect(labels.map((label) => statusOf(label))).toEqual(labels.map(() => 'subscribed')));
    expect(hub.subscriptionCount()).toBe(1);
    expect(calls).toEqual(['attach progress:user:1']);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 3, done: false });
    for (const label of labels) expect(await screen.findByText(`${label} 3 open`)).toBeTruthy();
  });

  it('calls the latest handler without resubscribing when it changes on every render', async () => {
    const { subscriber, publisher } = setup();
    const subscribe = vi.spyOn(subscriber, 'subscribe');
    const view = renderWith(subscriber, <Lesson userId={1} label="first" />);
    await waitFor(() => expect(statusOf('first')).toBe('subscribed'));
    view.rerenderWith(<Lesson userId={1} label="second" />);
    view.rerenderWith(<Lesson userId={1} label="third" />);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    expect(await screen.findByText('third 1 done')).toBeTruthy();
    expect(subscribe).toHaveBeenCalledTimes(1);
  });

  it('holds no subscription while enabled is false, and subscribes once enabled', async () => {
    const { hub, subscriber, publisher } = setup();
    const view = renderWith(
      subscriber,
      <>
        <Lesson userId={1} enabled={false} />
        <Lesson userId={2} label="sentinel" />
      </>,
    );
    await waitFor(() => expect(statusOf('sentinel')).toBe('subscribed'));
    expect(statusOf()).toBe('idle');
    expect(hub.subscriptionCount()).toBe(1);
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    // The hub fans out in publish order, so once the later message arrived the earlier one would have too.
    await publisher.publish(progress({ userId: 2 }), 'lesson:updated', { lessonId: 2, done: true });
    expect(await screen.findByText('sentinel 2 done')).toBeTruthy();
    expect(screen.getByTestId('lesson-lesson').textContent).toBe('none');

    view.rerenderWith(
      <>
        <Lesson userId={1} />
        <Lesson userId={2} label="sentinel" />
      </>,
    );
    await waitFor(() => expect(statusOf()).toBe('subscribed'));
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 4, done: false });
    expect(await screen.findByText('lesson 4 open')).toBeTruthy();
  });

  it('moves to the new channel when params change, attaching it before the old one is released', async () => {
    const { hub, subscriber, publisher, calls } = setup();
    const view = renderWith(subscriber, <Lesson userId={1} />);
    await waitFor(() => expect(statusOf()).toBe('subscribed'));
    view.rerenderWith(<Lesson userId={2} />);
    await waitFor(() => expect(statusOf()).toBe('subscribed'));
    await waitFor(() => expect(hub.subscriptionCount()).toBe(1));
    expect(calls).toEqual(['attach progress:user:1', 'attach progress:user:2', 'detach progress:user:1']);

    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await publisher.publish(progress({ userId: 2 }), 'lesson:updated', { lessonId: 2, done: true });
    expect(await screen.findByText('lesson 2 done')).toBeTruthy();
    await publisher.publish(progress({ userId: 2 }), 'lesson:updated', { lessonId: 3, done: true });
    expect(await screen.findByText('lesson 3 done')).toBeTruthy();
  });

  it('keeps the channel attached when a component switches to another event of it', async () => {
    const { subscriber, publisher, calls } = setup();
    function Switcher({ event }: { event: 'lesson:updated' | 'deleted' }) {
      const [seen, setSeen] = useState('nothing');
      const { status } = useEvent(progress({ userId: 1 }), event, (_data, meta) => setSeen(meta.event));
      return (
        <p data-testid="lesson-switcher" data-status={status}>
          {seen}
        </p>
      );
    }
    const view = renderWith(subscriber, <Switcher event="lesson:updated" />);
    await waitFor(() => expect(statusOf('switcher')).toBe('subscribed'));
    view.rerenderWith(<Switcher event="deleted" />);
    await act(async () => {
      await publisher.publish(progress({ userId: 1 }), 'deleted', { id: 'x' });
    });
    expect(await screen.findByText('deleted')).toBeTruthy();
    expect(calls).toEqual(['attach progress:user:1']);
  });

  it('passes invalid messages and gaps to the latest onError and onGap, without calling the handler', async () => {
    const { hub, subscriber, publisher } = setup();
    const handler = vi.fn();
    const seen: string[] = [];
    function Guarded({ label }: { label: string }) {
      const { status } = useEvent(progress({ userId: 1 }), 'lesson:updated', handler, {
        onError: (error) => seen.push(`${label} error ${error.code}`),
        onGap: (gap) => seen.push(`${label} gap ${gap.reason}`),
      });
      return <p data-testid="lesson-guarded" data-status={status} />;
    }
    const view = renderWith(subscriber, <Guarded label="first" />);
    await waitFor(() => expect(statusOf('guarded')).toBe('subscribed'));
    view.rerenderWith(<Guarded label="latest" />);
    hub.injectRaw(progress({ userId: 1 }), { id: 'bad-1', event: 'lesson:updated', data: { lessonId: 'one' }, ts: Date.now() });
    await waitFor(() => expect(seen).toEqual(['latest error VALIDATION_FAILED']));
    await act(() => hub.dropConnections({ recover: false }));
    await waitFor(() => expect(seen).toContain('latest gap reconnected-without-recovery'));
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    await waitFor(() => expect(handler).toHaveBeenCalledTimes(1));
    expect(handler).toHaveBeenCalledWith({ lessonId: 1, done: true }, expect.objectContaining({ event: 'lesson:updated' }));
  });

  it('reports a refused subscription in its status', async () => {
    const { subscriber } = setup();
    function Secret() {
      const { status, error } = useEvent(secrets({ id: 'x' }), 'deleted', () => {});
      return (
        <p data-testid="lesson-secret" data-status={status}>
          {error?.code ?? 'no error'}
        </p>
      );
    }
    renderWith(subscriber, <Secret />);
    await waitFor(() => expect(statusOf('secret')).toBe('error'));
    expect(screen.getByTestId('lesson-secret').textContent).toBe('FORBIDDEN');
  });

  it('follows a subscription past a connect TIMEOUT: error first, subscribed once the provider confirms', async () => {
    const hub = new MemoryHub();
    // A provider that confirms only when the test says so (like a hub that comes up late).
    const inner = createSubscriberTransport({ hub, user: { id: 'ada' } });
    let confirm!: () => void;
    const confirmed = new Promise<void>((resolve) => {
      confirm = resolve;
    });
    const late = createSubscriberFromTransport(
      { ...inner, attach: (channel, sink, options) => confirmed.then(() => inner.attach(channel, sink, options)) },
      { connectTimeoutMs: 50 },
    );
    function Late() {
      const { status, error } = useEvent(progress({ userId: 5 }), 'lesson:updated', () => {});
      return (
        <p data-testid="lesson-late" data-status={status}>
          {error?.code ?? 'no error'}
        </p>
      );
    }
    renderWith(late, <Late />);
    await waitFor(() => expect(statusOf('late')).toBe('error'));
    expect(screen.getByTestId('lesson-late').textContent).toBe('TIMEOUT');
    confirm();
    await waitFor(() => expect(statusOf('late')).toBe('subscribed'));
    expect(screen.getByTestId('lesson-late').textContent).toBe('no error');
    await late.close();
  });

  it('stays idle without a channel', async () => {
    const { hub, subscriber } = setup();
    function Waiting() {
      const { status } = useEvent(null as ReturnType<typeof progress> | null, 'deleted', () => {});
      return <p data-testid="lesson-waiting" data-status={status} />;
    }
    renderWith(subscriber, <Waiting />);
    expect(statusOf('waiting')).toBe('idle');
    expect(hub.connectionCountNow()).toBe(0);
  });
});

describe('useChannel', () => {
  it('routes each event to its typed handler through one subscription, whatever the handlers object', async () => {
    const { hub, subscriber, publisher } = setup();
    const subscribe = vi.spyOn(subscriber, 'subscribe');
    function Feed({ withDeleted }: { withDeleted: boolean }) {
      const [log, setLog] = useState<string[]>([]);
      const { status } = useChannel(progress({ userId: 1 }), {
        'lesson:updated': (lesson) => setLog((items) => [...items, `lesson ${lesson.lessonId}`]),
        ...(withDeleted ? { deleted: ({ id }: { id: string }) => setLog((items) => [...items, `deleted ${id}`]) } : {}),
      });
      return (
        <p data-testid="lesson-feed" data-status={status}>
          {log.join(', ')}
        </p>
      );
    }
    const view = renderWith(subscriber, <Feed withDeleted={false} />);
    await waitFor(() => expect(statusOf('feed')).toBe('subscribed'));
    await publisher.publish(progress({ userId: 1 }), 'deleted', { id: 'ignored' });
    await publisher.publish(progress({ userId: 1 }), 'lesson:updated', { lessonId: 1, done: true });
    expect(await screen.findByText('lesson 1')).toBeTruthy();

    view.rerenderWith(<Feed withDeleted />);
    await publisher.publish(progress({ userId: 1 }), 'deleted', { id: 'd1' });
    expect(await screen.findByText('lesson 1, deleted d1')).toBeTruthy();
    expect(subscribe).toHaveBeenCalledTimes(1);
    expect(hub.subscriptionCount()).toBe(1);
  });
});
