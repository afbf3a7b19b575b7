/** An in-memory OpenTelemetry SDK for tests: a tracer whose finished spans are kept, and a meter read on demand. */
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export function inMemoryTelemetry() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  const reader = new OnDemandReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracer: tracerProvider.getTracer('test'),
    meter: meterProvider.getMeter('test'),
    spans: () => spans.getFinishedSpans(),
    /** Sum of a counter's data points (or a gauge's last value), filtered by attributes. */
    async metric(name: string, where: Record<string, string> = {}): Promise<number | undefined> {
      const { resourceMetrics } = await reader.collect();
      let total: number | undefined;
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          if (metric.descriptor.name !== name) continue;
          for (const point of metric.dataPoints) {
            if (!Object.entries(where).every(([key, value]) => point.attributes[key] === value)) continue;
            const value = point.value as number | { count: number };
            total = (total ?? 0) + (typeof value === 'number' ? value : value.count);
          }
        }
      }
      return total;
    },
  };
}

/** A finished span as a child process prints it. */
export interface PrintedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | undefined;
  attributes: Record<string, unknown>;
  events: string[];
  status: number;
}

/** The finished spans and the named metrics, as JSON a parent process reads. */
export async function printable(
  telemetry: ReturnType<typeof inMemoryTelemetry>,
  metrics: Record<string, [string, Record<string, string>?]>,
) {
  const spans: PrintedSpan[] = telemetry.spans().map((span) => ({
    name: span.name,
    kind: span.kind,
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    attributes: { ...span.attributes },
    events: span.events.map((event) => event.name),
    status: span.status.code,
  }));
  const values: Record<string, number | undefined> = {};
  for (const [label, [name, where]] of Object.entries(metrics)) values[label] = await telemetry.metric(name, where);
  return { spans, metrics: values };
}
