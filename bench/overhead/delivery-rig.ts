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
  /** Published (accepted by the provider) but never delivered. */
  lost: number;
}

/** Counts deliveries and lets a caller wait for the count to reach a number without polling. */
class DeliveryCounter {
  delivered = 0;
  private waiter: { target: number; resolve: () => void; reject: (error: Error) => void } | undefined;

  readonly record = (): void => {
    this.delivered += 1;
    if (this.waiter && this.delivered >= this.waiter.target) {
      const { resolve } = this.waiter;
      this.waiter = undefined;
      resolve();
    }
  };

  /** A publish failed: its message will never arrive, so stop waiting now. */
  fail(error: unknown): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(new Error(`bench: a publish failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
  }

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
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
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
   * A message that never arrives (the provider lost it) stalls delivery; after `stallMs` without
   * progress it is counted as lost and the run goes on, so one loss does not sink the whole run.
   */
  async throughput(count: number, window: number, stallMs: number): Promise<ThroughputSample> {
    const base = this.counter.delivered;
    const pending = new Set<Promise<unknown>>();
    const failures: unknown[] = [];
    const started = nowMs();
    const cpuBefore = process.cpuUsage();
    let lastDelivery = started;
    const progress = async (target: number) => {
      for (;;) {
        const before = this.counter.delivered;
        try {
          await this.counter.reach(target, stallMs);
          return;
        } catch (error) {
          if (failures.length > 0 || this.counter.delivered === before) throw error;
        }
      }
    };
    for (let index = 0; index < count; index += 1) {
      const beyondWindow = index - window + 1 - (this.counter.delivered - base);
      if (beyondWindow > 0) await progress(base + index - window + 1).catch(() => {});
      const publishing = this.rig.publish(this.nextSequence++).catch((error: unknown) => {
        failures.push(error);
        this.counter.fail(error);
      });
      pending.add(publishing);
      publishing.finally(() => pending.delete(publishing));
    }
    await progress(base + count).catch(() => {});
    await Promise.all(pending);
    if (failures.length > 0) throw new Error(`bench: ${failures.length} publishes failed: ${String(failures[0])}`);
    const delivered = this.counter.delivered - base;
    for (const at of this.deliveredAt.values()) lastDelivery = Math.max(lastDelivery, at);
    const cpu = process.cpuUsage(cpuBefore);
    this.deliveredAt.clear();
    return {
      perSecond: (delivered / (lastDelivery - started)) * 1000,
      cpuMicrosecondsPerMessage: (cpu.user + cpu.system) / Math.max(1, delivered),
      lost: count - delivered,
    };
  }

  /** Publish→handler latency in ms of `count` messages sent one after another; lost ones are left out. */
  async latencies(count: number, stallMs: number): Promise<{ samples: number[]; lost: number }> {
    const samples: number[] = [];
    let lost = 0;
    for (let index = 0; index < count; index += 1) {
      const sequence = this.nextSequence++;
      const target = this.counter.delivered + 1;
      const started = nowMs();
      const publishing = this.rig.publish(sequence);
      publishing.catch((error: unknown) => this.counter.fail(error));
      await publishing;
      try {
        await this.counter.reach(target, stallMs);
        samples.push((this.deliveredAt.get(sequence) ?? Number.NaN) - started);
      } catch {
        lost += 1;
      }
      this.deliveredAt.delete(sequence);
    }
    this.deliveredAt.clear();
    return { samples, lost };
  }

  close(): Promise<void> {
    return this.rig.close();
  }
}
