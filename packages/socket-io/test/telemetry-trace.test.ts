/**
 * One trace across three processes, with the OpenTelemetry SDK's in-memory exporters in each: a
 * publisher publishes over the hub's HTTP endpoint (the hub fails its first attempt, so it
 * retries), the hub broadcasts, a subscriber in another process receives. The hub's span is the
 * publish span's child and the subscriber's delivery span the hub span's child, all in one trace.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startTestProcess, type TestProcess } from '../../core/test/support/child-process.js';
import type { PrintedSpan } from '../../core/test/support/otel.js';

interface Printed {
  id: string;
  spans: PrintedSpan[];
  metrics: Record<string, number | undefined>;
}

describe('a trace across processes', () => {
  const processes: TestProcess[] = [];
  afterAll(() => {
    for (const child of processes) child.child.kill();
  });
  const start = (file: string, args: string[] = [], env: Record<string, string> = {}) => {
    const started = startTestProcess(`packages/socket-io/test/telemetry/${file}`, args, env);
    processes.push(started);
    return started;
  };

  it('links the publisher, hub and subscriber spans of one message into one trace', async () => {
    const room = `trace-${Date.now().toString(36)}`;
    const hub = start('hub-process.ts', [], { FAIL_FIRST: '1' });
    const { url } = await hub.line<{ url: string }>('url', 60_000);
    const subscriber = start('subscriber-process.ts', [url, room]);
    await subscriber.line('ready', 60_000);
    const publisher = start('publisher-process.ts', [url, room]);
    const { published } = await publisher.line<{ published: Printed }>('published', 60_000);
    const { delivered } = await subscriber.line<{ delivered: Printed }>('delivered', 60_000);
    hub.send('dump');
    const { dump } = await hub.line<{ dump: Omit<Printed, 'id'> }>('dump', 30_000);

    const publish = published.spans.find((span) => span.name.startsWith('publish '));
    const broadcast = dump.spans.find((span) => span.name.startsWith('broadcast '));
    const deliver = delivered.spans.find((span) => span.name.startsWith('deliver '));
    expect(delivered.id).toBe(published.id);
    expect(publish?.attributes['switchboard.provider']).toBe('socket-io');
    expect(publish?.events).toContain('switchboard.retry');
    expect(published.metrics.retries).toBe(1);
    expect(broadcast?.traceId).toBe(publish?.traceId);
    expect(broadcast?.parentSpanId).toBe(publish?.spanId);
    expect(broadcast?.attributes['messaging.message.id']).toBe(published.id);
    expect(deliver?.traceId).toBe(publish?.traceId);
    expect(deliver?.parentSpanId).toBe(broadcast?.spanId);
    expect(dump.metrics.delivered).toBe(1);
    expect(delivered.metrics.latency).toBe(1);
  }, 120_000);
});
