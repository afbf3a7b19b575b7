import { createServer } from 'node:net';

/**
 * A TCP port on `host` that nothing listens on at the moment of the call: the operating system
 * picks it, then the probe closes it again. For a test that points a client at a server which is
 * not up yet, or starts a server on a port of its choosing.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error(`no free port on ${host}`))));
    });
  });
}
