/**
 * A publisher and a subscriber wired together on one provider, Switchboard's or the raw SDK's,
 * and the two numbers measured through it: pipelined throughput and one-at-a-time latency.
 */
import { nowMs } from '../lib/clock.js';

/** Publish on one side, receive on the other; everything already connected and subscribed. */
export interface DeliveryRig {
  /** Publishes message `sequence`; resolves when the provider accepted it. */
  publish(sequence: number): Promise<unknown>;
  /** Registers the one receiver; it gets the sequence of every delivered message. */
  onDelivery(listener: (sequence: number) => void): void;
  close(): Promise<void>;
}

export type RigFactory = () => Promise<DeliveryRig>;

export interface ThroughputSample {
  perSecond: number;
  /** CPU time of the whole process (user + system) per message: insensitive to other load on the machine. */
  cpuMicrosecondsPerMessage: number;
}

/** Counts deliveries and lets a caller wait for the count to reach a number without polling. */
class DeliveryCounter {
  delivered = 0;
  private waiter: { target: number; resolve: () => void } | undefined;

  readonly record = (): void => {
    this.delivered += 1;
    if (this.waiter && this.delivered >= this.waiter.target) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve();
    }
  };

  reach(target: number, timeoutMs: number): Promise<void> {
    if (this.delivered >= target) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new Error(`bench: ${this.delivered} of ${target} messages delivered after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = {
        target,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }
}

/** A rig with its counter; sequences keep growing across phases so a late message is never miscounted. */
export class MeasuredRig {
  private readonly counter = new DeliveryCounter();
  private nextSequence = 1;
  private readonly deliveredAt = new Map<number, number>();

  constructor(private readonly rig: DeliveryRig) {
    rig.onDelivery((sequence) => {
      this.deliveredAt.set(sequence, nowMs());
      this.counter.record();
    });
  }

  /**
   * Messages per second from the first publish to the last delivery, keeping at most `window`
   * messages published but not yet delivered (so queues stay bounded, as in a steady stream).
   */
  async throughput(count: number, window: number, timeoutMs: number): Promise<ThroughputSample> {
    const base = this.counter.delivered;
    const pending = new Set<Promise<unknown>>();
    const failures: unknown[] = [];
    const started = nowMs();
    const cpuBefore = process.cpuUsage();
    for (let index = 0; index < count; index += 1) {
      if (index - (this.counter.delivered - base) >= window) await this.counter.reach(base + index - window + 1, timeoutMs);
      const publishing = this.rig.publish(this.nextSequence++).catch((error: unknown) => failures.push(error));
      pending.add(publishing);
      publishing.finally(() => pending.delete(publishing));
    }
    await this.counter.reach(base + count, timeoutMs);
    const elapsed = nowMs() - started;
    const cpu = process.cpuUsage(cpuBefore);
    this.deliveredAt.clear();
    await Promise.all(pending);
    if (failures.length > 0) throw new Error(`bench: ${failures.length} publishes failed: ${String(failures[0])}`);
    return { perSecond: (count / elapsed) * 1000, cpuMicrosecondsPerMessage: (cpu.user + cpu.system) / count };
  }

  /** Publish→handler latency in ms of `count` messages sent one after another. */
  async latencies(count: number, timeoutMs: number): Promise<number[]> {
    const samples: number[] = [];
    for (let index = 0; index < count; index += 1) {
      const sequence = this.nextSequence++;
      const target = this.counter.delivered + 1;
      const started = nowMs();
      const publishing = this.rig.publish(sequence);
      await this.counter.reach(target, timeoutMs);
      samples.push((this.deliveredAt.get(sequence) ?? Number.NaN) - started);
      this.deliveredAt.delete(sequence);
      await publishing;
    }
    this.deliveredAt.clear();
    return samples;
  }

  close(): Promise<void> {
    return this.rig.close();
  }
}
