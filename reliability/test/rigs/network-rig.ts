/** What the network providers' rigs add to a FaultRig: clients for any address, and options another process can use. */
import type { FaultRig } from '@switchboard/testing/faults';

export type ProviderClients = Pick<FaultRig, 'publisher' | 'subscriberTransport'> & {
  /** `createPublisher` options by provider name, as JSON for a publisher in another process. */
  publisherConfig(): Record<string, unknown>;
};

export type NetworkRig = FaultRig & ProviderClients;

/** A rig for clients of a server someone else runs (another process): it has no fault hooks of its own. */
export function clientsOnlyRig(name: string, clients: ProviderClients): NetworkRig {
  const noHook = (hook: string) => () => {
    throw new Error(`${name}: ${hook} is not available on a server in another process`);
  };
  return {
    name,
    ...clients,
    dropConnections: noHook('dropConnections') as () => Promise<void>,
    failPublishes: noHook('failPublishes') as () => () => void,
    async teardown() {},
  };
}
