// rules.ts — who may subscribe. Imported by the server only, so no rule reaches a browser bundle.
import { allow, ownerOnly } from '@switchboard/core/server';
import { orderUpdates } from './contract.js';

// Only the user named in the channel may subscribe to it.
export const rules = [allow(orderUpdates, ownerOnly('userId'))];
