// contract.ts — imported by the backend and the frontend alike.
import { defineChannel, ownerOnly } from '@switchboard/core';
import * as v from 'valibot';

export const orderUpdates = defineChannel('orders:user:{userId}', {
  access: 'private',
  events: {
    'order:updated': v.object({
      orderId: v.string(),
      status: v.picklist(['placed', 'packed', 'shipped', 'delivered']),
    }),
  },
  // Only the user named in the channel may subscribe.
  authorize: ownerOnly('userId'),
});

export const channels = [orderUpdates];
