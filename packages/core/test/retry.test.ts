import { backoffDelay, DEFAULT_RETRY, RealtimeError, resolveRetry, retryReach, SERVERLESS_RETRY, withRetry } from '@switchboard/core';
import { describe, expect, it } from 'vitest';

const unavailable = () => new RealtimeError('PROVIDER_UNAVAILABLE', 'down');

describe('withRetry', () => {
  it('retries retriable errors until success', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw unavailable();
        return 'ok';
      },
      { baseDelayMs: 1 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('never retries a non-retriable error or a plain Error', async () => {
    for (const error of [new RealtimeError('VALIDATION_FAILED', 'bad'), new Error('bug')]) {
      let calls = 0;
      await expect(
        withRetry(
          async () => {
            calls += 1;
            throw error;
          },
          { baseDelayMs: 1 },
        ),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  it('honours Retry-After hints from rate limits', async () => {
    let calls = 0;
    const started = Date.now();
    await withRetry(
      async () => {
        calls += 1;
        if (calls === 1) throw new RealtimeError('RATE_LIMITED', 'slow down', { retryAfterMs: 120 });
      },
      { baseDelayMs: 1 },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('gives up at the deadline with the last cause', async () => {
    let calls = 0;
    const error = await withRetry(
      async () => {
        calls += 1;
        throw new RealtimeError('TIMEOUT', `attempt ${calls}`, { retryAfterMs: 50 });
      },
      { attempts: 100, deadlineMs: 120 },
    ).catch((caught) => caught);
    expect((error as Error).message).toBe(`attempt ${calls}`);
    expect(calls).toBeLessThan(5);
  });

  it('sends once when retries are off', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
        throw unavailable();
      }, false),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(calls).toBe(1);
  });

  it('draws delays with equal jitter under an exponential, capped ceiling: never less than half of it', () => {
    const options = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, options, () => 0.999)).toBe(99);
    expect(backoffDelay(0, options, () => 0)).toBe(50);
    expect(backoffDelay(3, options, () => 0.5)).toBe(600);
    expect(backoffDelay(10, options, () => 0.999)).toBe(999);
    expect(backoffDelay(10, options, () => 0)).toBe(500);
  });

  it('states the reach of the default policy and of the serverless preset', () => {
    // An outage shorter than minMs never rejects; the hub-restart fault test holds it to that.
    expect(retryReach(undefined)).toEqual({ minMs: 7550, maxMs: 15_100 });
    expect(retryReach('serverless')).toEqual({ minMs: 775, maxMs: 1550 });
    expect(retryReach(false)).toEqual({ minMs: 0, maxMs: 0 });
    expect(retryReach({ attempts: 100, baseDelayMs: 100, maxDelayMs: 1000, deadlineMs: 3000 }).maxMs).toBe(3000);
    expect(resolveRetry('serverless')).toBe(SERVERLESS_RETRY);
    expect(SERVERLESS_RETRY.deadlineMs).toBeLessThanOrEqual(2500);
  });

  it('refuses an unknown preset with CONFIG before the first attempt', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls += 1;
      }, 'patient' as never),
    ).rejects.toMatchObject({ code: 'CONFIG' });
    expect(calls).toBe(0);
  });

  it('the serverless preset gives up within its deadline', async () => {
    const started = Date.now();
    await expect(
      withRetry(async () => {
        throw unavailable();
      }, 'serverless'),
    ).rejects.toMatchObject({ code: 'PROVIDER_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(SERVERLESS_RETRY.deadlineMs + 200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });
});
