/**
 * `switchboard doctor`: checks the selected provider's configuration and connectivity and says
 * what is wrong in plain words. Exit code 0 when healthy, 1 otherwise.
 */
import { authorizerFromEnv, type HealthReport, providerFromEnv, publisherFromEnv, RealtimeError } from '@switchboard/core';

/** What to do about an error, by code and provider. */
function advice(error: unknown, provider: string): string {
  const code = RealtimeError.isInstance(error) ? error.code : undefined;
  const credentials: Record<string, string> = {
    'socket-io': 'SOCKET_IO_SECRET (the same secret the hub was started with)',
    pusher: 'PUSHER_APP_ID, PUSHER_KEY and PUSHER_SECRET',
    ably: 'ABLY_API_KEY',
  };
  if (code === 'UNAUTHORIZED' || code === 'FORBIDDEN')
    return `the provider refused the credentials: check ${credentials[provider] ?? 'the credentials'}`;
  if (code === 'PROVIDER_UNAVAILABLE' || code === 'TIMEOUT')
    return 'the provider does not answer: is it running, and do the URL, host and port point at it?';
  if (code === 'CONFIG') return 'fix the variable named above';
  return 'see the message above';
}

const line = (ok: boolean, text: string) => console.log(`${ok ? '✓' : '✗'} ${text}`);

export async function doctor(env: Record<string, string | undefined>): Promise<number> {
  let provider: string;
  try {
    provider = providerFromEnv(env);
  } catch (error) {
    line(false, `REALTIME_PROVIDER: ${(error as Error).message}`);
    return 1;
  }
  line(true, `provider: ${provider}${env.REALTIME_PROVIDER ? '' : ' (REALTIME_PROVIDER is not set: the default)'}`);
  let healthy = true;
  try {
    await authorizerFromEnv(env);
    line(true, 'auth endpoint configuration: complete');
  } catch (error) {
    healthy = false;
    line(false, `auth endpoint configuration: ${(error as Error).message}`);
  }
  const publisher = publisherFromEnv(env);
  try {
    await publisher.describe();
    line(true, 'publisher configuration: complete');
    const report: HealthReport = await publisher.health();
    const latency = report.latencyMs === undefined ? '' : ` in ${report.latencyMs} ms`;
    if (report.status === 'healthy') line(true, `${provider} answers${latency}: healthy`);
    else {
      healthy = false;
      line(false, `${provider} is ${report.status}`);
      for (const reason of report.reasons ?? []) console.log(`  - ${reason.code}: ${reason.message}`);
      const cause = report.details?.error ?? report.details?.code;
      if (cause) console.log(`  - cause: ${String(cause)}`);
      const code =
        (report.details?.code as string | undefined) ??
        (report.reasons?.[0]?.code === 'provider-unreachable' ? 'PROVIDER_UNAVAILABLE' : undefined);
      console.log(`  → ${advice(code ? new RealtimeError(code as never, 'x') : undefined, provider)}`);
    }
    const stats = await publisher.stats().catch(() => undefined);
    if (report.status !== 'unhealthy' && stats && stats.connections !== undefined)
      console.log(`  connections: ${stats.connections}, channels: ${stats.channels ?? '?'}`);
  } catch (error) {
    healthy = false;
    line(false, `publisher configuration: ${(error as Error).message}`);
    console.log(`  → ${advice(error, provider)}`);
  } finally {
    // A publisher whose configuration failed has nothing to close; its failure was reported above.
    await publisher.close().catch(() => {});
  }
  console.log(healthy ? 'All good.' : 'Something is wrong: see the ✗ lines.');
  return healthy ? 0 : 1;
}
