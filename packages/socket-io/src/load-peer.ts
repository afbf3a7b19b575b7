import { RealtimeError } from '@switchboard/core';
import { PROVIDER } from './constants.js';

/**
 * Imports an optional peer dependency on first use, so a serverless function that only publishes
 * over HTTP never needs `socket.io`, and a missing package fails with "install X".
 */
export async function loadPeer<TModule>(packageName: string, importer: () => Promise<TModule>, neededFor: string): Promise<TModule> {
  try {
    return await importer();
  } catch (cause) {
    const code = (cause as { code?: string } | undefined)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new RealtimeError('CONFIG', `${neededFor} needs ${packageName}: install it (npm install ${packageName})`, {
        provider: PROVIDER,
        cause,
      });
    }
    throw cause;
  }
}
