// contract.ts — imported by the backend and the frontend alike: channels and schemas, no rules.
import { defineChannel } from '@switchboard/core/client';
import * as v from 'valibot';

export const orderUpdates = defineChannel('orders:user:{userId}', {
  access: 'private',
  events: {
    'order:updated': v.object({
      orderId: v.string(),
      status: v.picklist(['placed', 'packed', 'shipped', 'delivered']),
    }),
  },
});

export const channels = [orderUpdates];
