/**
 * Loading one of the package's own lazy chunks (presence, provider switching, an adapter's
 * first-use code). A chunk that cannot be fetched (the network dropped, a deploy replaced it)
 * rejects with a plain error from the runtime; callers get a {@link RealtimeError} instead.
 */
import { RealtimeError } from '../errors.js';

/**
 * Runs `importer` (a literal `import()`, so bundlers still split the chunk); a failure becomes
 * PROVIDER_UNAVAILABLE "Could not load `module`", retriable, with the runtime's error as `cause`.
 */
export const loadChunk = <TModule>(importer: () => Promise<TModule>, module: string, provider?: string): Promise<TModule> =>
  importer().catch((cause: unknown) => {
    throw new RealtimeError('PROVIDER_UNAVAILABLE', `Could not load ${module}`, { provider, cause });
  });
