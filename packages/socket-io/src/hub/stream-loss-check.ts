/**
 * Tells when a hub's stream reader may have missed entries of the shared Redis stream. The streams
 * adapter reads with `XREAD` from the last entry it read; that resumes cleanly after a network
 * blip, but not when what it would read next is gone:
 *
 * - Redis restarted and lost data (no persistence, or an append-only file not fsynced on every
 *   write): entries written before the crash that this hub had not read yet are gone, though their
 *   publishers were told they were delivered;
 * - the stream was trimmed (`MAXLEN`) past the reader, which fell that far behind.
 *
 * So after a read failed, the connection closed under a read, or a read came back full (the reader
 * is behind), the next read first checks that the last entry read is still in the stream and that
 * Redis did not restart without durable persistence. If either fails, `onLoss` is called: the hub
 * then drops its clients without recovery, and each reports a gap.
 */
import type { Redis } from 'ioredis';

export interface StreamReaderWatch {
  streamName: string;
  /** The adapter's `readCount`: a batch this full means the reader is behind. */
  readCount: number;
  onLoss(reason: string): void;
}

type XRead = (...args: unknown[]) => Promise<Array<[string, Array<[string, string[]]>]> | null>;

async function runIdOf(client: Redis): Promise<string | undefined> {
  const info = await client.info('server');
  return /run_id:(\w+)/.exec(info)?.[1];
}

/** True when every write Redis acknowledged survives a crash (append-only file fsynced on every write). */
async function durable(client: Redis): Promise<boolean> {
  try {
    const [appendonly, appendfsync] = await Promise.all([client.config('GET', 'appendonly'), client.config('GET', 'appendfsync')]);
    return (appendonly as string[])[1] === 'yes' && (appendfsync as string[])[1] === 'always';
  } catch {
    // CONFIG is often disabled on managed Redis: nothing can be promised.
    return false;
  }
}

/** Watches the `XREAD`s a stream reader client makes (a no-op for clients that never read). */
export function watchStreamReader(client: Redis, watch: StreamReaderWatch): void {
  const xread = (client.xread as unknown as XRead).bind(client);
  let runId: string | undefined;
  let inFlight: string | undefined;
  /** The last entry read before something went wrong: it must still be in the stream. */
  let verifyFrom: string | undefined;

  const remember = (offset: string | undefined) => {
    if (offset !== undefined && offset !== '$') verifyFrom ??= offset;
  };

  /** Why entries after `from` may have been missed, or undefined. Throws when Redis does not answer. */
  const lossAfter = async (from: string): Promise<string | undefined> => {
    const [present, current] = await Promise.all([client.xrange(watch.streamName, from, from), runIdOf(client)]);
    const restarted = runId !== undefined && current !== undefined && current !== runId;
    runId = current ?? runId;
    if (present.length === 0) {
      return restarted
        ? `Redis restarted without stream entry ${from}: entries written before the restart may be lost`
        : `the stream was trimmed past entry ${from}, which this hub's reader had reached`;
    }
    if (restarted && !(await durable(client))) {
      return 'Redis restarted without appendfsync always: entries it acknowledged just before may be lost';
    }
    return undefined;
  };

  // ioredis resends a read cut by a closed connection once it reconnects, without an error.
  client.on('close', () => remember(inFlight));
  client.xread = (async (...args: unknown[]) => {
    const offset = String(args.at(-1));
    // Not awaited: the first read must go out at once (the hub serves once it is sent).
    if (runId === undefined) {
      runIdOf(client).then(
        (id) => {
          runId ??= id;
        },
        () => {},
      );
    }
    if (verifyFrom !== undefined && offset !== '$') {
      const reason = await lossAfter(verifyFrom);
      verifyFrom = undefined;
      if (reason) watch.onLoss(reason);
    }
    inFlight = offset;
    try {
      const result = await xread(...args);
      // The connection closed under this read and ioredis resent it: what it returns was written
      // after Redis came back. Check for loss before handing it over, so no client gets a newer
      // entry and only then learns that older ones were lost (its gap would start too late).
      if (verifyFrom !== undefined) {
        try {
          const reason = await lossAfter(verifyFrom);
          verifyFrom = undefined;
          if (reason) watch.onLoss(reason);
        } catch {
          // Redis stopped answering again: the check runs before the next read.
        }
      }
      const entries = result?.[0]?.[1];
      if (entries && entries.length >= watch.readCount) remember(entries.at(-1)?.[0]);
      return result;
    } catch (error) {
      remember(offset);
      throw error;
    } finally {
      inFlight = undefined;
    }
  }) as unknown as Redis['xread'];
}
