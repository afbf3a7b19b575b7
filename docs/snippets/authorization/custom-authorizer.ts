// An authorizer for a Pusher-protocol service of your own (adapter authors).
import { assertChannelAllowed, type ProviderAuthorizer, RealtimeError } from '@switchboard/core/server';

declare function toLogicalName(providerName: string): string | undefined; // your name mapping
declare function sign(userId: string, providerName: string, secret: string): { auth: string };

export function carrierAuthorizer(options: { key: string; secret: string }): ProviderAuthorizer {
  return {
    provider: 'pusher',
    publicConfig: () => ({ key: options.key }), // never a secret
    async authorize({ user, body, check }) {
      const providerName = String(body.channel_name ?? '');
      const name = toLogicalName(providerName);
      if (!name) throw new RealtimeError('INVALID_CHANNEL', `Not a channel name: ${providerName.slice(0, 80)}`); // 400
      assertChannelAllowed(await check(name), name); // INVALID_CHANNEL → 400, refusal → 403 with the reason
      return sign(user.id, providerName, options.secret); // the 200 body
    },
  };
}
