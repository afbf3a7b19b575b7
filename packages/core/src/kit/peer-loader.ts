/**
 * Loading a vendor SDK or optional peer dependency on first use. "Install X" is said only when X
 * itself is missing: an SDK that is installed but throws while loading (a missing dependency of its
 * own, a syntax error, an ESM/CJS mismatch) keeps its own error.
 */
import { RealtimeError } from '../errors.js';

/**
 * Whether `error` says that the package `packageName` (or a subpath of it) could not be found, in
 * Node (ESM or CommonJS) or a browser.
 */
export function isMissingModule(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // Node (ESM and CommonJS) and browsers quote the specifier they could not resolve.
  return /MODULE_NOT_FOUND|resolve module specifier/.test(`${code}${message}`) && new RegExp(`['"]${packageName}['"/]`).test(`${message}`);
}

/**
 * Runs `importer`; a missing `packageName` becomes CONFIG "`neededFor` needs `packageName`: install
 * it", anything else is rethrown as it is.
 */
export async function loadPeer<TModule>(
  packageName: string,
  importer: () => Promise<TModule>,
  neededFor: string,
  provider?: string,
): Promise<TModule> {
  try {
    return await importer();
  } catch (cause) {
    throw isMissingModule(cause, packageName)
      ? new RealtimeError('CONFIG', `${neededFor} needs ${packageName}: install it`, { provider, cause })
      : cause;
  }
}
