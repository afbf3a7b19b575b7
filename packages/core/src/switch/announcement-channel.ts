/**
 * The channel a provider switch is announced on: public, one per app, held by every subscriber whose
 * auth endpoint can switch provider. List it in the auth handler's and the hub's `channels`.
 */
import { defineChannel } from '../channel.js';
import type { StandardSchemaV1 } from '../standard-schema.js';

/** What an announcement carries: the provider the server now names (a hint; the endpoint is asked again). */
export interface ProviderAnnouncement {
  /** The provider subscribers should move to. */
  provider: string;
}

const announcement: StandardSchemaV1<ProviderAnnouncement> = {
  '~standard': {
    version: 1,
    vendor: 'switchboard',
    validate: (value) =>
      typeof (value as ProviderAnnouncement | null)?.provider === 'string'
        ? { value: value as ProviderAnnouncement }
        : { issues: [{ message: 'expected { provider: string }' }] },
  },
};

/** The event name of an announcement. */
export const PROVIDER_CHANGED = 'provider-changed';

/**
 * The announcement channel (`switchboard-provider`, public): add it to `channels` of
 * `createAuthHandler` and of the Socket.IO hub when the endpoint uses `createProviderSwitch`.
 */
export const providerAnnouncements = defineChannel('switchboard-provider', {
  access: 'public',
  events: {
    /** The server now names another provider. */
    'provider-changed': announcement,
  },
});
